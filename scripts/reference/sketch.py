#!/usr/bin/python3
"""Write the reference values that packages/data/test/sketch checks the sketches against.

    /usr/bin/python3 scripts/reference/sketch.py

- hashes.json: MurmurHash3_x86_32 (seed 0) of strings' UTF-16LE bytes and of numbers' float64 little-endian bytes,
  from a plain byte-wise implementation below (checked first against published test vectors);
- quantiles.json: numpy.quantile(method='inverted_cdf') and the fraction of values <= x on small samples (what an
  exact KLL sketch must return).
"""

import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'packages', 'data', 'test', 'fixtures', 'sketch')


def murmur3_32(data: bytes, seed: int = 0) -> int:
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & 0xFFFFFFFF
    rotl = lambda x, r: ((x << r) | (x >> (32 - r))) & 0xFFFFFFFF
    n = len(data)
    for i in range(0, n - n % 4, 4):
        k = int.from_bytes(data[i:i + 4], 'little')
        k = rotl((k * c1) & 0xFFFFFFFF, 15) * c2 & 0xFFFFFFFF
        h = (rotl(h ^ k, 13) * 5 + 0xE6546B64) & 0xFFFFFFFF
    tail = data[n - n % 4:]
    if tail:
        k = int.from_bytes(tail, 'little')
        k = rotl((k * c1) & 0xFFFFFFFF, 15) * c2 & 0xFFFFFFFF
        h ^= k
    h ^= n
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h


# Published MurmurHash3_x86_32 vectors (SMHasher / Wikipedia).
assert murmur3_32(b'', 0) == 0
assert murmur3_32(b'', 1) == 0x514E28B7
assert murmur3_32(b'hello', 0) == 0x248BFA47
assert murmur3_32(b'The quick brown fox jumps over the lazy dog', 0) == 0x2E4FF723


def write(name, what, cases):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.normpath(os.path.join(OUT, name))
    body = ',\n'.join('  ' + json.dumps(c, allow_nan=False) for c in cases)
    text = '{\n "source": ' + json.dumps(what) + ',\n "cases": [\n' + body + '\n ]\n}\n'
    with open(path, 'w', encoding='utf-8') as fh:
        fh.write(text)
    print(f'wrote {path} ({len(cases)} cases)')


def hashes():
    strings = ['', 'a', 'ab', 'abc', 'abcd', 'hello', 'The quick brown fox jumps over the lazy dog', 'Zürich',
               'naïve café', '日本語', '🙂 emoji', 'x' * 101, '0', '-1.5', 'NaN', ' leading space', 'tab\there']
    cases = [{'kind': 'string', 'value': s, 'hash': murmur3_32(s.encode('utf-16-le'))} for s in strings]
    numbers = [0.0, 1.0, -1.0, 2.0, 0.1, 1e300, -1e-300, 123456789.0, 2.0**53, 5e-324, 3.141592653589793]
    cases += [{'kind': 'number', 'value': x, 'hash': murmur3_32(struct.pack('<d', x))} for x in numbers]
    cases.append({'kind': 'number', 'value': 'NaN', 'hash': murmur3_32(struct.pack('<Q', 0x7FF8000000000000))})
    cases.append({'kind': 'number', 'value': 'Infinity', 'hash': murmur3_32(struct.pack('<d', float('inf')))})
    write('hashes.json', 'MurmurHash3_x86_32 seed 0 of UTF-16LE string bytes / float64 LE bytes (scripts/reference/sketch.py)', cases)


def quantiles():
    rng = np.random.default_rng(7)
    qs = [0.0, 0.01, 0.1, 0.25, 0.333, 0.5, 0.6, 0.75, 0.9, 0.99, 1.0]
    cases = []
    for values in (rng.normal(size=1), rng.normal(size=10), rng.normal(size=150), rng.integers(0, 5, 200).astype(float),
                   np.round(rng.exponential(size=199), 3)):
        values = [float(v) for v in values]
        probes = sorted(set(values[:5] + [min(values) - 1, max(values) + 1, float(np.median(values))]))
        cases.append({
            'values': values,
            'qs': qs,
            'quantiles': [float(np.quantile(values, q, method='inverted_cdf')) for q in qs],
            'probes': probes,
            'ranks': [float(np.mean(np.asarray(values) <= p)) for p in probes],
        })
    write('quantiles.json', 'numpy.quantile(values, q, method="inverted_cdf") and mean(values <= x)', cases)


hashes()
quantiles()
