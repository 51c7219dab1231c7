import { it } from '@jest/globals';
import { checkPattern } from '../../src/contract/regex.js';
it('x', () => {
const out: string[] = [];
for (const p of ['(a+)+$','(a|aa)+','([a-z]+)*@','[A-Z]{2}\\d+','(a|a)*', '(ab|ac)*', '\\S+@\\S+\\.\\S+', '\\d+(?:\\.\\d*)?', '(a)\\1', 'a)|(b', '[', '\\-x', '[a-z0-9]+(?:-[a-z0-9]+)*', '(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?', '(?:a|ab)*c', '[^@\\s]+@[^@\\s]+\\.[a-z]{2,}', '(\\w+\\s?)+$', '(x|y|z){1,100}', '(?:\\d{3}|\\d{4})*', '[A-Z]{2}\\d+']) {
  const v = checkPattern(p);
  out.push(`${p.padEnd(40)} ${v.safe} ${v.analysisMs.toFixed(1)} ${v.safe ? v.regex : `${v.problem} | ${v.attack} | ${v.fix}`}`);
}
console.log(out.join('\n'));
});
