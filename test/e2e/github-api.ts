/**
 * A local server speaking the parts of GitHub's REST API that mlgate uses (user, issue comments, pull requests),
 * for unit tests and for end-to-end runs of the bundled actions.
 *
 * The server runs in a worker thread: the end-to-end runner starts actions with spawnSync, which blocks this
 * thread, so a server on this thread's event loop could never answer them. The state (comments, pulls, identity,
 * queued failures, the request log) lives in the worker; the handle returned here reads and writes it
 * synchronously (a MessagePort read after Atomics.wait), so tests use plain arrays and maps.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type * as Http from 'node:http';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';

export interface MockComment {
  id: number;
  body: string;
  user: { login: string };
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface MockPull {
  head: { sha: string; repo: { full_name: string } | null };
  base: { repo: { full_name: string } };
}

/** A git reference: refs/tags/… pointing at a commit (lightweight) or an annotated tag object. */
export interface MockRef {
  ref: string;
  object: { sha: string; type: 'commit' | 'tag' };
}

/** An annotated tag object (POST /git/tags). */
export interface MockTag {
  sha: string;
  tag: string;
  message: string;
  object: { sha: string; type: string };
}

/** A commit of the repository's history, for the commits and compare APIs (newest listed first from a sha). */
export interface MockCommit {
  sha: string;
  /** First parent first, as git lists them. */
  parents: string[];
  /** RFC 3339 committer date. */
  date?: string;
}

/** A workflow artifact as GET /repos/:owner/:repo/actions/artifacts lists it. */
export interface MockArtifact {
  id: number;
  name: string;
  size_in_bytes?: number;
  expired?: boolean;
  created_at: string;
  workflow_run: { id: number; head_sha: string; head_branch?: string };
  /** Where GET …/artifacts/:id/zip redirects (a signed blob URL). */
  blobUrl: string;
}

export interface RecordedRequest {
  method: string;
  /** Path and query string, as sent: "/repos/acme/app/issues/7/comments?per_page=100&page=2". */
  path: string;
  /** The JSON body parsed, the raw text if it is not JSON, undefined when empty. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface FailOptions {
  /** Seconds, sent as `retry-after` (default 1 for 429, none otherwise). */
  retryAfter?: number;
  /** The error message (defaults: GitHub's own for each status). */
  message?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Only requests with this method fail (default: any). */
  method?: string;
}

export interface GitHubApiOptions {
  /** Login GET /user answers; null (the default) answers 403 the way it does for a workflow's GITHUB_TOKEN. */
  identity?: string | null;
  /** When set, requests must carry it (`Authorization: token …` or `Bearer …`), else 401 "Bad credentials". */
  token?: string;
}

export interface GitHubApi {
  /** http://127.0.0.1:<port>, for `baseUrl` or GITHUB_API_URL. */
  url: string;
  /** Every request received, failed ones included (a snapshot: read it again after more requests). */
  readonly requests: RecordedRequest[];
  /**
   * The comments of the pull request the server plays (the issue number in paths is not checked), oldest first.
   * Changes made here reach the server at once; read `api.comments` again after requests to see theirs.
   */
  comments: MockComment[];
  /** Pull requests by number, for GET /repos/:owner/:repo/pulls/:n. Change them with set(), not in place. */
  pulls: Map<number, MockPull>;
  /** Git references (tags) the server holds; seed them with setRefs, read them after requests. */
  readonly refs: MockRef[];
  /** Annotated tag objects created through POST /git/tags (or seeded with setRefs). */
  readonly tags: MockTag[];
  setRefs(refs: MockRef[], tags?: MockTag[]): void;
  /** The repository's history for GET /commits and GET /compare; replaces the earlier one. */
  setCommits(commits: MockCommit[]): void;
  /** The repository's workflow artifacts for GET /actions/artifacts; replaces the earlier ones. */
  setArtifacts(artifacts: MockArtifact[]): void;
  /** See GitHubApiOptions.identity. New comments are authored by it, or by github-actions[bot] when null. */
  identity: string | null;
  /** Adds a comment as if `login` (default: the comment author of this server) had written it. */
  addComment(body: string, login?: string): MockComment;
  /** Makes the next matching request(s) fail. Failures queue in order. */
  failNext(status: 502 | 429 | 403, options?: FailOptions): void;
  /**
   * Holds the next `count` requests with this method whose path contains `path` until all of them have arrived,
   * then answers them together from the same state: concurrent runs then see the same listing, as they can on
   * GitHub. Held requests are released after 20 s even if fewer arrived.
   */
  gatherNext(count: number, method: string, path: string): void;
  close(): Promise<void>;
}

/** The state the worker holds and sends back whole on request. */
interface Snapshot {
  version: number;
  comments: MockComment[];
  requests: RecordedRequest[];
  refs: MockRef[];
  tags: MockTag[];
}

type Command =
  | { type: 'read' }
  | { type: 'set-comments'; comments: MockComment[] }
  | { type: 'set-pulls'; pulls: [number, MockPull][] }
  | { type: 'set-identity'; identity: string | null }
  | { type: 'set-refs'; refs: MockRef[]; tags: MockTag[] }
  | { type: 'set-commits'; commits: MockCommit[] }
  | { type: 'set-artifacts'; artifacts: MockArtifact[] }
  | { type: 'fail'; status: number; options: FailOptions }
  | { type: 'gather'; count: number; method: string; path: string };

interface WorkerData {
  replies: WorkerThreads.MessagePort;
  /** [0]: count of replies sent (Atomics.wait target); [1]: state version, bumped on every change. */
  signal: Int32Array;
  identity: string | null;
  token: string | null;
}

const REPLY_TIMEOUT_MS = 10_000;

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const { port1: replies, port2: workerReplies } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const data: WorkerData = {
    replies: workerReplies,
    signal,
    identity: options.identity ?? null,
    token: options.token ?? null,
  };
  // The worker runs this file's serveGitHubApi from its source text: workers cannot load TypeScript modules.
  const worker = new Worker(
    `(${serveGitHubApi.toString()})(require('node:http'), require('node:worker_threads'));`,
    { eval: true, workerData: data, transferList: [workerReplies] },
  );
  worker.unref(); // a test that forgets close() must not keep Jest alive
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve(message.url));
    worker.once('error', reject);
  });

  const call = (command: Command): Snapshot => {
    const seen = Atomics.load(signal, 0);
    worker.postMessage(command);
    if (Atomics.wait(signal, 0, seen, REPLY_TIMEOUT_MS) === 'timed-out')
      throw new Error('the mock GitHub API did not answer (its worker thread is stuck or has stopped)');
    const reply = receiveMessageOnPort(replies);
    if (!reply) throw new Error('the mock GitHub API sent no reply');
    return reply.message as Snapshot;
  };

  // A local copy of the worker's state, refreshed when the worker's version moves.
  let snapshot = call({ type: 'read' });
  const current = (): Snapshot => {
    if (Atomics.load(signal, 1) !== snapshot.version) snapshot = call({ type: 'read' });
    return snapshot;
  };
  let liveComments = { source: snapshot.comments, proxy: liveArray(snapshot.comments) };

  function liveArray(comments: MockComment[]): MockComment[] {
    const proxies = new WeakMap<object, object>();
    const targets = new WeakMap<object, object>();
    const unwrap = (value: unknown): unknown =>
      value && typeof value === 'object' ? (targets.get(value) ?? value) : value;
    const changed = () => {
      if (comments !== current().comments)
        throw new Error(
          'api.comments changed on the server since this array was read: read api.comments again',
        );
      snapshot = call({ type: 'set-comments', comments });
      snapshot.comments = comments; // the same array keeps working after its own change
    };
    const wrap = <T extends object>(target: T): T => {
      const existing = proxies.get(target);
      if (existing) return existing as T;
      const proxy = new Proxy(target, {
        get(object, key, receiver) {
          const value: unknown = Reflect.get(object, key, receiver);
          return value && typeof value === 'object' ? wrap(value) : value;
        },
        set(object, key, value) {
          Reflect.set(object, key, unwrap(value));
          changed();
          return true;
        },
        deleteProperty(object, key) {
          Reflect.deleteProperty(object, key);
          changed();
          return true;
        },
      });
      proxies.set(target, proxy);
      targets.set(proxy, target);
      return proxy;
    };
    return wrap(comments);
  }

  class LivePulls extends Map<number, MockPull> {
    override set(number: number, pull: MockPull): this {
      super.set(number, pull);
      call({ type: 'set-pulls', pulls: [...this] });
      return this;
    }
    override delete(number: number): boolean {
      const deleted = super.delete(number);
      call({ type: 'set-pulls', pulls: [...this] });
      return deleted;
    }
    override clear(): void {
      super.clear();
      call({ type: 'set-pulls', pulls: [] });
    }
  }
  const pulls = new LivePulls();
  let identity = data.identity;

  return {
    url,
    get requests() {
      return current().requests;
    },
    get comments() {
      const { comments } = current();
      if (comments !== liveComments.source) liveComments = { source: comments, proxy: liveArray(comments) };
      return liveComments.proxy;
    },
    set comments(comments: MockComment[]) {
      // Through JSON, so proxies read from api.comments can be reused.
      snapshot = call({
        type: 'set-comments',
        comments: JSON.parse(JSON.stringify(comments)) as MockComment[],
      });
    },
    pulls,
    get refs() {
      return current().refs;
    },
    get tags() {
      return current().tags;
    },
    setRefs(refs, tags = []) {
      snapshot = call({ type: 'set-refs', refs, tags });
    },
    setCommits(commits) {
      snapshot = call({ type: 'set-commits', commits });
    },
    setArtifacts(artifacts) {
      snapshot = call({ type: 'set-artifacts', artifacts });
    },
    get identity() {
      return identity;
    },
    set identity(login: string | null) {
      identity = login;
      call({ type: 'set-identity', identity: login });
    },
    addComment(body, login) {
      const comments = current().comments;
      const id = Math.max(0, ...comments.map((comment) => comment.id)) + 1;
      const now = new Date().toISOString();
      const comment: MockComment = {
        id,
        body,
        user: { login: login ?? identity ?? 'github-actions[bot]' },
        html_url: `https://github.com/acme/app/pull/1#issuecomment-${id}`,
        created_at: now,
        updated_at: now,
      };
      snapshot = call({ type: 'set-comments', comments: [...comments, comment] });
      return comment;
    },
    failNext(status, failOptions = {}) {
      call({ type: 'fail', status, options: failOptions });
    },
    gatherNext(count, method, path) {
      call({ type: 'gather', count, method, path });
    },
    async close() {
      await worker.terminate();
    },
  };
}

/**
 * The server, run in the worker. Self-contained: it is sent as source text, so it may use only its parameters
 * (and types, which compile away).
 */
function serveGitHubApi(http: typeof Http, threads: typeof WorkerThreads): void {
  const { replies, signal, identity, token } = threads.workerData as WorkerData;
  const MAX_BODY = 65536;
  const BOT = 'github-actions[bot]';
  const DOCS = 'https://docs.github.com/rest';
  const state = {
    identity,
    comments: [] as MockComment[],
    pulls: new Map<number, MockPull>(),
    refs: [] as MockRef[],
    tags: [] as MockTag[],
    commits: new Map<string, MockCommit>(),
    artifacts: [] as MockArtifact[],
    requests: [] as RecordedRequest[],
    failures: [] as { status: number; options: FailOptions; left: number }[],
    gathers: [] as { count: number; method: string; path: string; held: (() => void)[] }[],
  };
  const changed = () => Atomics.add(signal, 1, 1);
  const snapshot = (): Snapshot => ({
    version: Atomics.load(signal, 1),
    comments: state.comments,
    requests: state.requests,
    refs: state.refs,
    tags: state.tags,
  });

  threads.parentPort!.on('message', (command: Command) => {
    if (command.type === 'set-comments') state.comments = command.comments;
    if (command.type === 'set-pulls') state.pulls = new Map(command.pulls);
    if (command.type === 'set-identity') state.identity = command.identity;
    if (command.type === 'set-refs') {
      state.refs = command.refs;
      state.tags = command.tags;
    }
    if (command.type === 'set-commits')
      state.commits = new Map(command.commits.map((commit) => [commit.sha, commit]));
    if (command.type === 'set-artifacts') state.artifacts = command.artifacts;
    if (command.type === 'fail')
      state.failures.push({
        status: command.status,
        options: command.options,
        left: command.options.times ?? 1,
      });
    if (command.type === 'gather')
      state.gathers.push({ count: command.count, method: command.method, path: command.path, held: [] });
    if (command.type !== 'read') changed();
    replies.postMessage(snapshot());
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const method = request.method ?? 'GET';
      state.requests.push({ method, path: request.url ?? '/', body, headers: request.headers });
      changed();
      const answer = () =>
        handle(
          method,
          new URL(request.url ?? '/', `http://${request.headers.host}`),
          body,
          request,
          response,
        );
      const gather = state.gathers.find(
        (item) => item.method === method && (request.url ?? '').includes(item.path),
      );
      if (!gather) return answer();
      gather.held.push(answer);
      const release = () => {
        state.gathers = state.gathers.filter((item) => item !== gather);
        for (const held of gather.held.splice(0)) held();
      };
      if (gather.held.length >= gather.count) release();
      else if (gather.held.length === 1) setTimeout(release, 20_000).unref();
    });
  });

  function send(
    response: Http.ServerResponse,
    status: number,
    data: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = data === undefined ? '' : JSON.stringify(data);
    response.writeHead(status, {
      ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'x-github-request-id': `MOCK:${state.requests.length}`,
      ...headers,
    });
    response.end(text);
  }

  function sendError(response: Http.ServerResponse, status: number, message: string, headers = {}): void {
    send(response, status, { message, documentation_url: DOCS, status: String(status) }, headers);
  }

  /** GitHub's answer for a failure queued by failNext. */
  function sendFailure(response: Http.ServerResponse, status: number, options: FailOptions): void {
    const headers: Record<string, string> = {};
    const retryAfter = options.retryAfter ?? (status === 429 ? 1 : undefined);
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    if (status === 429) {
      headers['x-ratelimit-limit'] = '5000';
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-reset'] = String(Math.ceil(Date.now() / 1000) + (retryAfter ?? 1));
    }
    const defaults: Record<number, string> = {
      502: 'Server Error',
      429: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      403: 'Resource not accessible by integration',
    };
    sendError(response, status, options.message ?? defaults[status] ?? 'Error', headers);
  }

  function takeFailure(method: string) {
    const failure = state.failures.find((item) => !item.options.method || item.options.method === method);
    if (!failure) return undefined;
    if (--failure.left <= 0) state.failures.splice(state.failures.indexOf(failure), 1);
    return failure;
  }

  function validBody(body: unknown, response: Http.ServerResponse): body is { body: string } {
    const text = (body as { body?: unknown } | undefined)?.body;
    if (typeof text !== 'string') {
      sendError(response, 422, 'Invalid request.\n\n"body" wasn\'t supplied.');
      return false;
    }
    // GitHub counts characters (code points), not UTF-16 units.
    if ([...text].length > MAX_BODY) {
      send(response, 422, {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'IssueComment',
            code: 'custom',
            field: 'body',
            message: `body is too long (maximum is ${MAX_BODY} characters)`,
          },
        ],
        documentation_url: `${DOCS}/issues/comments#create-an-issue-comment`,
        status: '422',
      });
      return false;
    }
    return true;
  }

  function apiComment(comment: MockComment, base: string, owner: string, repo: string) {
    return {
      ...comment,
      url: `${base}/repos/${owner}/${repo}/issues/comments/${comment.id}`,
      user: { ...comment.user, type: comment.user.login.endsWith('[bot]') ? 'Bot' : 'User' },
    };
  }

  function handle(
    method: string,
    url: URL,
    body: unknown,
    request: Http.IncomingMessage,
    response: Http.ServerResponse,
  ): void {
    if (token !== null) {
      const authorization = request.headers.authorization ?? '';
      if (authorization !== `token ${token}` && authorization !== `Bearer ${token}`)
        return sendError(response, 401, 'Bad credentials');
    }
    const failure = takeFailure(method);
    if (failure) return sendFailure(response, failure.status, failure.options);

    const base = `http://${request.headers.host}`;
    const path = url.pathname.replace(/\/+$/, '');
    let match: RegExpExecArray | null;

    if (method === 'GET' && path === '/user') {
      if (state.identity === null)
        return sendError(response, 403, 'Resource not accessible by integration', {});
      return send(response, 200, { login: state.identity, id: 1, type: 'User' });
    }

    if ((match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path))) {
      const [, owner, repo, number] = match;
      if (method === 'GET') {
        const parse = (name: string, fallback: number) => {
          const value = Number(url.searchParams.get(name));
          return Number.isInteger(value) && value > 0 ? value : fallback;
        };
        const perPage = Math.min(parse('per_page', 30), 100);
        const page = parse('page', 1);
        const last = Math.max(1, Math.ceil(state.comments.length / perPage));
        const items = state.comments.slice((page - 1) * perPage, page * perPage);
        const link = (to: number, rel: string) =>
          `<${base}${path}?per_page=${perPage}&page=${to}>; rel="${rel}"`;
        const links = [
          page > 1 ? link(page - 1, 'prev') : '',
          page < last ? link(page + 1, 'next') : '',
          page < last ? link(last, 'last') : '',
          page > 1 ? link(1, 'first') : '',
        ].filter(Boolean);
        return send(
          response,
          200,
          items.map((comment) => apiComment(comment, base, owner, repo)),
          links.length > 0 ? { link: links.join(', ') } : {},
        );
      }
      if (method === 'POST') {
        if (!validBody(body, response)) return;
        const id = Math.max(0, ...state.comments.map((comment) => comment.id)) + 1;
        const now = new Date().toISOString();
        const comment: MockComment = {
          id,
          body: body.body,
          user: { login: state.identity ?? BOT },
          html_url: `https://github.com/${owner}/${repo}/pull/${number}#issuecomment-${id}`,
          created_at: now,
          updated_at: now,
        };
        state.comments = [...state.comments, comment];
        changed();
        return send(response, 201, apiComment(comment, base, owner, repo), {
          location: `${base}/repos/${owner}/${repo}/issues/comments/${id}`,
        });
      }
    }

    if ((match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(path))) {
      const [, owner, repo, id] = match;
      const index = state.comments.findIndex((comment) => comment.id === Number(id));
      if (index >= 0 && method === 'GET')
        return send(response, 200, apiComment(state.comments[index], base, owner, repo));
      if (index >= 0 && method === 'PATCH') {
        if (!validBody(body, response)) return;
        const comment = { ...state.comments[index], body: body.body, updated_at: new Date().toISOString() };
        state.comments = state.comments.map((item, at) => (at === index ? comment : item));
        changed();
        return send(response, 200, apiComment(comment, base, owner, repo));
      }
      if (index >= 0 && method === 'DELETE') {
        state.comments = state.comments.filter((_, at) => at !== index);
        changed();
        return send(response, 204, undefined);
      }
    }

    if (method === 'GET' && (match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(path))) {
      const [, owner, repo, number] = match;
      const pull = state.pulls.get(Number(number));
      if (pull) {
        return send(response, 200, {
          number: Number(number),
          state: 'open',
          html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
          ...pull,
        });
      }
    }

    if ((match = /^\/repos\/([^/]+)\/([^/]+)\/git\/(matching-refs|ref|refs|tags)(?:\/(.*))?$/.exec(path))) {
      const [, owner, repo, kind, rest = ''] = match;
      const apiRef = (ref: MockRef) => ({
        ref: ref.ref,
        node_id: `REF_${ref.ref}`,
        url: `${base}/repos/${owner}/${repo}/git/${ref.ref}`,
        object: {
          ...ref.object,
          url: `${base}/repos/${owner}/${repo}/git/${ref.object.type}s/${ref.object.sha}`,
        },
      });
      if (method === 'GET' && kind === 'matching-refs') {
        const prefix = `refs/${decodeURIComponent(rest)}`;
        return send(response, 200, state.refs.filter((ref) => ref.ref.startsWith(prefix)).map(apiRef));
      }
      if (method === 'GET' && kind === 'ref') {
        const ref = state.refs.find((item) => item.ref === `refs/${decodeURIComponent(rest)}`);
        return ref ? send(response, 200, apiRef(ref)) : sendError(response, 404, 'Not Found');
      }
      if (method === 'POST' && kind === 'refs' && !rest) {
        const { ref, sha } = (body ?? {}) as { ref?: string; sha?: string };
        if (
          typeof ref !== 'string' ||
          !ref.startsWith('refs/') ||
          typeof sha !== 'string' ||
          !/^[0-9a-f]{40}$/.test(sha)
        )
          return sendError(response, 422, 'Invalid request.');
        // GitHub's answer, body included: {"message":"Reference already exists","documentation_url":…,"status":"422"}.
        if (state.refs.some((item) => item.ref === ref))
          return send(response, 422, {
            message: 'Reference already exists',
            documentation_url: `${DOCS}/git/refs#create-a-reference`,
            status: '422',
          });
        const type = state.tags.some((tag) => tag.sha === sha) ? 'tag' : 'commit';
        const created: MockRef = { ref, object: { sha, type } };
        state.refs = [...state.refs, created];
        changed();
        return send(response, 201, apiRef(created));
      }
      if (method === 'POST' && kind === 'tags' && !rest) {
        const input = (body ?? {}) as { tag?: string; message?: string; object?: string; type?: string };
        if (
          typeof input.tag !== 'string' ||
          typeof input.message !== 'string' ||
          typeof input.object !== 'string'
        )
          return sendError(response, 422, 'Invalid request.');
        const sha = Array.from(
          { length: 40 },
          (_, i) => '0123456789abcdef'[(state.tags.length * 7 + i * 13 + input.tag!.length) % 16],
        ).join('');
        const tag: MockTag = {
          sha,
          tag: input.tag,
          message: input.message,
          object: { sha: input.object, type: input.type ?? 'commit' },
        };
        state.tags = [...state.tags, tag];
        changed();
        return send(response, 201, { ...tag, url: `${base}/repos/${owner}/${repo}/git/tags/${sha}` });
      }
      if (method === 'GET' && kind === 'tags' && rest) {
        const tag = state.tags.find((item) => item.sha === rest);
        return tag ? send(response, 200, tag) : sendError(response, 404, 'Not Found');
      }
    }

    if (method === 'GET' && (match = /^\/repos\/([^/]+)\/([^/]+)\/commits$/.exec(path))) {
      // The history from `sha` backwards along first parents (git log --first-parent), paginated.
      const [, owner, repo] = match;
      const start = url.searchParams.get('sha') ?? '';
      if (!state.commits.has(start)) return sendError(response, 404, `No commit found for SHA: ${start}`);
      const perPage = Math.min(Number(url.searchParams.get('per_page')) || 30, 100);
      const page = Number(url.searchParams.get('page')) || 1;
      const history: MockCommit[] = [];
      for (let commit = state.commits.get(start); commit; commit = state.commits.get(commit.parents[0] ?? ''))
        history.push(commit);
      const items = history.slice((page - 1) * perPage, page * perPage);
      const last = Math.max(1, Math.ceil(history.length / perPage));
      const link = (to: number, rel: string) =>
        `<${base}${path}?sha=${start}&per_page=${perPage}&page=${to}>; rel="${rel}"`;
      const links = [page < last ? link(page + 1, 'next') : '', page < last ? link(last, 'last') : ''].filter(
        Boolean,
      );
      return send(
        response,
        200,
        items.map((commit) => apiCommit(commit, base, owner, repo)),
        links.length ? { link: links.join(', ') } : {},
      );
    }

    if (method === 'GET' && (match = /^\/repos\/([^/]+)\/([^/]+)\/compare\/(.+)$/.exec(path))) {
      const [, owner, repo, basehead] = match;
      const [baseSha, headSha] = decodeURIComponent(basehead).split('...');
      if (!state.commits.has(baseSha) || !state.commits.has(headSha ?? ''))
        return sendError(response, 404, 'Not Found');
      // The merge base: the nearest commit of head's ancestry (breadth first) that base also reaches.
      const ancestors = (sha: string) => {
        const seen: string[] = [];
        const queue = [sha];
        while (queue.length) {
          const next = queue.shift()!;
          if (seen.includes(next) || !state.commits.has(next)) continue;
          seen.push(next);
          queue.push(...state.commits.get(next)!.parents);
        }
        return seen;
      };
      const ofBase = new Set(ancestors(baseSha));
      const headAncestors = ancestors(headSha);
      const mergeBase = headAncestors.find((sha) => ofBase.has(sha));
      if (!mergeBase)
        return sendError(response, 404, `No common ancestor between ${baseSha} and ${headSha}.`);
      const ahead = headAncestors.filter((sha) => !ofBase.has(sha));
      return send(response, 200, {
        status: ahead.length ? 'ahead' : 'identical',
        ahead_by: ahead.length,
        behind_by: [...ofBase].filter((sha) => !headAncestors.includes(sha)).length,
        base_commit: apiCommit(state.commits.get(baseSha)!, base, owner, repo),
        merge_base_commit: apiCommit(state.commits.get(mergeBase)!, base, owner, repo),
        commits: ahead.map((sha) => apiCommit(state.commits.get(sha)!, base, owner, repo)),
        files: [],
      });
    }

    if (method === 'GET' && (match = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts$/.exec(path))) {
      const [, owner, repo] = match;
      const name = url.searchParams.get('name');
      const perPage = Math.min(Number(url.searchParams.get('per_page')) || 30, 100);
      // GitHub lists the newest first.
      const matching = state.artifacts
        .filter((artifact) => name === null || artifact.name === name)
        .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
      return send(response, 200, {
        total_count: matching.length,
        artifacts: matching.slice(0, perPage).map((artifact) => ({
          id: artifact.id,
          node_id: `MDg6QXJ0aWZhY3Q${artifact.id}`,
          name: artifact.name,
          size_in_bytes: artifact.size_in_bytes ?? 0,
          url: `${base}/repos/${owner}/${repo}/actions/artifacts/${artifact.id}`,
          archive_download_url: `${base}/repos/${owner}/${repo}/actions/artifacts/${artifact.id}/zip`,
          expired: artifact.expired ?? false,
          created_at: artifact.created_at,
          updated_at: artifact.created_at,
          expires_at: new Date(Date.parse(artifact.created_at) + 90 * 86_400_000).toISOString(),
          workflow_run: {
            id: artifact.workflow_run.id,
            repository_id: 1,
            head_repository_id: 1,
            head_branch: artifact.workflow_run.head_branch ?? 'main',
            head_sha: artifact.workflow_run.head_sha,
          },
        })),
      });
    }

    if (method === 'GET' && (match = /^\/repos\/[^/]+\/[^/]+\/actions\/artifacts\/(\d+)\/zip$/.exec(path))) {
      const artifact = state.artifacts.find((item) => item.id === Number(match![1]));
      if (!artifact) return sendError(response, 404, 'Not Found');
      if (artifact.expired) return sendError(response, 410, 'Artifact has expired');
      return send(response, 302, undefined, { location: artifact.blobUrl });
    }

    sendError(response, 404, 'Not Found');
  }

  function apiCommit(commit: MockCommit, base: string, owner: string, repo: string) {
    const date = commit.date ?? '2024-01-01T00:00:00Z';
    return {
      sha: commit.sha,
      url: `${base}/repos/${owner}/${repo}/commits/${commit.sha}`,
      commit: {
        message: `commit ${commit.sha.slice(0, 7)}`,
        author: { name: 'mlgate', email: 'mlgate@example.com', date },
        committer: { name: 'mlgate', email: 'mlgate@example.com', date },
      },
      parents: commit.parents.map((sha) => ({ sha, url: `${base}/repos/${owner}/${repo}/commits/${sha}` })),
    };
  }

  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    threads.parentPort!.postMessage({ url: `http://127.0.0.1:${address.port}` });
  });
}
