#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A local stand-in for the embedding providers, for dp-embed's tests.
// It speaks each provider's real request and response JSON (paths,
// headers, batch shapes, error bodies) and injects faults on demand.
// Node.js built-in modules only.
//
//   node server.js --port-file FILE --log FILE [--key KEY] [--latency MS]
//                  [--dim N]
//
// Listens on 127.0.0.1 (a free port, written to --port-file). Each
// provider lives under its own prefix, as if it were its own host:
//   POST /ollama/api/embed                               (no auth)
//   POST /openai/v1/embeddings                           Bearer KEY
//   POST /voyage/v1/embeddings                           Bearer KEY
//   POST /gemini/v1beta/models/MODEL:batchEmbedContents  x-goog-api-key
// so dp-embed's --base-url is http://127.0.0.1:PORT/ollama,
// .../openai/v1, .../voyage/v1 and .../gemini/v1beta.
//
// The vector for a text t of n code points is deterministic: v[0] = n,
// v[1] = (sum of code points) % 997, then values in [-0.5, 0.5); its
// size is --dim (default 8) unless the request asks for dimensions.
//
// POST /_faults with a JSON array of rules sets the fault plan (and
// clears the request counter). For each request the first rule that
// matches and has tries left applies:
//   {"fault": F, "times": N (default 1, -1 always),
//    "nth": K (only the K-th request, from 1) | "text": S (only a
//    request with an input containing S) | "provider": P, ...}
// Faults: 429 (retry_after, retry_after_ms, retry_delay), quota, 500,
// 503, input500 (llama.cpp's "too large"), reject (400 naming the
// input), nan, slow (ms), drop, malformed, wrong_count, wrong_dim,
// shuffle (data in reverse, right indexes), bad_index, 401, redirect,
// literal (value: the bare word NaN, Infinity or -Infinity, as Python's
// json writes them, for element 2 of the vector of each text matching
// "text"; "pretty": 1 indents the body as json.dumps(indent=1) does),
// long_vector (dims: the length of the vector of each text matching
// "text"), and faults that never end, each until the client hangs up
// or 2 GB: endless (a body of numbers), big_length (Content-Length
// 3 GB, then an endless body), gzip_bomb (an endless gzip body of zeros,
// 1000:1), huge_header (one header line), many_headers (header lines).
// Every request is logged to --log as one JSON line:
//   {"n","provider","path","inputs","texts","status","fault","auth",
//    "model","dim","input_type","open"} (input_type: Voyage's, Gemini's
//    taskType; open: the requests open when its body had arrived, itself
//    included, so that a test can check the client's concurrency).
'use strict';
const http = require('http');
const fs = require('fs');
const zlib = require('zlib');

const args = {};
for (let i = 2; i < process.argv.length; i += 2)
	args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const KEY = args.key || 'test-key';
const LATENCY = Number(args.latency || 0);
const DIM = Number(args.dim || 8);
const LITERAL = 123456.78125;	// replaced by the literal fault's word
let plan = [];
let count = 0;
let open = 0;	// requests received and not yet answered or closed

function log(entry) {
	if (args.log)
		fs.appendFileSync(args.log, JSON.stringify(entry) + '\n');
}

function vector(t, dim) {
	const cps = [...t].map((c) => c.codePointAt(0));
	const sum = cps.reduce((a, b) => a + b, 0);
	const v = [cps.length, sum % 997];
	let h = (sum * 31 + cps.length) >>> 0;
	while (v.length < dim) {
		h = (Math.imul(h, 1103515245) + 12345) >>> 0;
		v.push(((h >>> 8) % 1000) / 1000 - 0.5);
	}
	return v.slice(0, dim);
}

function b64(v) {
	const f = new Float32Array(v);
	return Buffer.from(f.buffer).toString('base64');
}

// The provider's error body for a status and message.
function errorBody(provider, status, message, extra) {
	extra = extra || {};
	switch (provider) {
	case 'ollama':
		return { error: message };
	case 'voyage':
		return { detail: message };
	case 'gemini': {
		const st = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED',
			403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
			429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL',
			503: 'UNAVAILABLE' }[status] || 'UNKNOWN';
		const e = { code: status, message, status: st };
		if (extra.details)
			e.details = extra.details;
		return { error: e };
	}
	default:
		return { error: { message, type: extra.type || 'server_error',
			param: null, code: extra.code || null } };
	}
}

function pickFault(provider, texts) {
	count++;
	for (const r of plan) {
		if (r.times === 0)
			continue;
		if (r.provider && r.provider !== provider)
			continue;
		if (r.nth && r.nth !== count)
			continue;
		if (r.text && !texts.some((t) => t.includes(r.text)))
			continue;
		if (r.times > 0)
			r.times--;
		return r;
	}
	return null;
}

// Parse the request for `provider`: { texts, dim, model, problem }.
function parseRequest(provider, req, body, urlModel) {
	let j;
	try {
		j = JSON.parse(body);
	} catch (e) {
		return { problem: 'request body is not JSON' };
	}
	if (!(req.headers['content-type'] || '').startsWith('application/json'))
		return { problem: 'Content-Type is not application/json' };
	if (provider === 'gemini') {
		if (!Array.isArray(j.requests))
			return { problem: 'requests is not an array' };
		if (j.requests.length > 100)
			return { problem: 'BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch' };
		const texts = [];
		let dim = 0;
		for (const r of j.requests) {
			if (r.model !== 'models/' + urlModel)
				return { problem: 'model in request does not match the URL' };
			const t = r.content && r.content.parts && r.content.parts[0] && r.content.parts[0].text;
			if (typeof t !== 'string')
				return { problem: 'content.parts[0].text missing' };
			if (r.taskType && !/^RETRIEVAL_(QUERY|DOCUMENT)$/.test(r.taskType))
				return { problem: 'bad taskType' };
			dim = r.outputDimensionality || 0;
			texts.push(t);
		}
		return { texts, dim, model: urlModel,
			input_type: j.requests.length ? j.requests[0].taskType : undefined };
	}
	if (typeof j.model !== 'string' || !j.model)
		return { problem: 'model is required' };
	if (!Array.isArray(j.input) || j.input.some((t) => typeof t !== 'string'))
		return { problem: "'$.input' is invalid" };
	if (provider !== 'ollama' && j.input.some((t) => t === ''))
		return { problem: "'$.input' is invalid: empty string" };
	if (provider === 'openai' && j.input.length > 2048)
		return { problem: 'input array too long' };
	if (provider === 'voyage') {
		if (j.input.length > 1000)
			return { problem: 'batch size is too large' };
		if (j.input_type !== undefined && j.input_type !== null &&
		    j.input_type !== 'query' && j.input_type !== 'document')
			return { problem: 'bad input_type' };
	}
	const dim = provider === 'voyage' ? j.output_dimension : j.dimensions;
	return { texts: j.input, dim: dim || 0, model: j.model,
		encoding: j.encoding_format, input_type: j.input_type };
}

// The auth check: 'ok', 'missing' or 'bad'.
function auth(provider, req, url) {
	if (url.includes('key='))
		return 'in-url';
	if (provider === 'ollama')
		return 'ok';
	const h = provider === 'gemini' ? req.headers['x-goog-api-key']
		: (req.headers.authorization || '').replace(/^Bearer /, '');
	if (!h)
		return 'missing';
	return h === KEY ? 'ok' : 'bad:' + h;
}

function send(res, status, obj, headers) {
	const body = typeof obj === 'string' ? obj : JSON.stringify(obj);
	res.writeHead(status, Object.assign({ 'Content-Type': 'application/json' },
		headers || {}));
	res.end(body);
}

function handle(req, res, body) {
	const url = req.url;
	if (url === '/_faults') {
		plan = JSON.parse(body || '[]').map((r) =>
			Object.assign({ times: 1 }, r));
		count = 0;
		return send(res, 200, { ok: true });
	}
	let m, provider, urlModel;
	if (url === '/ollama/api/embed')
		provider = 'ollama';
	else if (url === '/openai/v1/embeddings')
		provider = 'openai';
	else if (url === '/voyage/v1/embeddings')
		provider = 'voyage';
	else if ((m = url.match(/^\/gemini\/v1beta\/models\/([^/:?]+):batchEmbedContents(\?.*)?$/))) {
		provider = 'gemini';
		urlModel = m[1];
	} else {
		log({ n: ++count, path: url, status: 404, auth: req.headers.authorization ? 'sent' : 'none' });
		return send(res, 404, { error: 'not found: ' + url });
	}
	const p = parseRequest(provider, req, body, urlModel);
	const a = auth(provider, req, url);
	const texts = p.texts || [];
	const entry = { n: count + 1, provider, path: url, inputs: texts.length,
		texts, auth: a.startsWith('bad') ? 'bad' : a, model: p.model,
		dim: p.dim || null, input_type: p.input_type || null, open };
	const fault = pickFault(provider, texts);
	entry.fault = fault ? fault.fault : null;
	const reply = (status, obj, headers) => {
		entry.status = status;
		log(entry);
		setTimeout(() => send(res, status, obj, headers), LATENCY);
	};
	if (a !== 'ok') {
		const given = a.startsWith('bad:') ? a.slice(4) : '';
		if (provider === 'gemini')
			return reply(400, errorBody('gemini', 400,
				'API key not valid. Please pass a valid API key. (' + given + ')',
				{ details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] }));
		return reply(401, errorBody(provider, 401,
			'Incorrect API key provided: ' + given + '.', { type: 'invalid_request_error', code: 'invalid_api_key' }));
	}
	if (p.problem)
		return reply(400, errorBody(provider, 400, p.problem, { type: 'invalid_request_error' }));
	const dim = p.dim || DIM;
	const f = fault ? fault.fault : null;
	const vecs = texts.map((t) => vector(t, dim));
	switch (f) {
	case '429': {
		const h = {};
		if (fault.retry_after !== undefined)
			h['Retry-After'] = String(fault.retry_after);
		if (fault.retry_after_ms !== undefined)
			h['retry-after-ms'] = String(fault.retry_after_ms);
		const details = fault.retry_delay ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: fault.retry_delay }] : undefined;
		return reply(429, errorBody(provider, 429, 'Rate limit reached for requests',
			{ code: 'rate_limit_exceeded', type: 'requests', details }), h);
	}
	case 'quota':
		return reply(429, errorBody(provider, 429,
			'You exceeded your current quota, please check your plan and billing details. limit: 0',
			{ code: 'insufficient_quota', type: 'insufficient_quota' }));
	case '500':
		return reply(500, errorBody(provider, 500, 'The server had an error while processing your request.'));
	case '503':
		return reply(503, errorBody(provider, 503, 'The server is overloaded.'),
			fault.retry_after !== undefined ? { 'Retry-After': String(fault.retry_after) } : {});
	case 'input500':
		return reply(500, errorBody(provider, 500, 'input (9000 tokens) is too large to process. increase the physical batch size'));
	case 'reject':
		return reply(400, errorBody(provider, 400,
			'the input length exceeds the context length (echo: ' + KEY + ')', { type: 'invalid_request_error' }));
	case '401':
		return reply(401, errorBody(provider, 401, 'Incorrect API key provided: ' + KEY, { code: 'invalid_api_key' }));
	case 'redirect':
		entry.status = 307;
		log(entry);
		res.writeHead(307, { Location: 'http://' + req.headers.host + '/steal' });
		return res.end();
	case 'drop':
		entry.status = 0;
		log(entry);
		return req.socket.destroy();
	case 'slow':
		entry.status = 200;
		log(entry);
		return setTimeout(() => {
			if (!res.destroyed)
				send(res, 200, okBody(provider, p, vecs));
		}, fault.ms || 3000);
	case 'malformed':
		return reply(200, JSON.stringify(okBody(provider, p, vecs)).slice(0, 20));
	case 'wrong_count':
		vecs.pop();
		if (!vecs.length)
			vecs.push(vector('x', dim));
		if (texts.length === 1)
			vecs.pop();
		break;
	case 'wrong_dim':
		vecs.forEach((v) => v.push(0.25));
		break;
	case 'literal':
		texts.forEach((t, i) => {
			if (!fault.text || t.includes(fault.text))
				vecs[i][2] = LITERAL;
		});
		break;
	case 'long_vector':
		texts.forEach((t, i) => {
			if (!fault.text || t.includes(fault.text))
				vecs[i] = new Array(fault.dims || 1000000).fill(0.125);
		});
		break;
	case 'endless':
	case 'big_length':
	case 'gzip_bomb':
	case 'huge_header':
	case 'many_headers':
		entry.status = 200;
		log(entry);
		return endless(req, res, f);
	case 'nan':
		if (provider === 'ollama')
			return reply(500, errorBody(provider, 500,
				'failed to encode response: json: unsupported value: NaN'));
		texts.forEach((t, i) => {
			if (!fault.text || t.includes(fault.text))
				vecs[i][2] = NaN;
		});
		break;
	}
	const out = okBody(provider, p, vecs, f);
	if (f === 'literal')
		return reply(200, JSON.stringify(out, null, fault.pretty ? 1 : 0)
			.split(String(LITERAL)).join(fault.value || 'NaN'));
	return reply(200, out);
}

// Send what never ends (see the fault list), with backpressure, until
// the client hangs up or 2 GB have gone.
function endless(req, res, f) {
	const sock = req.socket;
	let sent = 0;
	let out, piece;
	if (f === 'huge_header' || f === 'many_headers') {
		sock.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n' +
			(f === 'huge_header' ? 'X-Pad: ' : ''));
		out = sock;
		piece = f === 'huge_header' ? Buffer.alloc(65536, 'a')
			: Buffer.from('X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(1000));
	} else {
		const h = { 'Content-Type': 'application/json' };
		if (f === 'big_length')
			h['Content-Length'] = '3000000000';
		if (f === 'gzip_bomb')
			h['Content-Encoding'] = 'gzip';
		res.writeHead(200, h);
		out = res;
		if (f === 'gzip_bomb') {
			out = zlib.createGzip({ level: 9 });
			out.pipe(res);
		}
		out.write('{"embeddings":[[');
		piece = Buffer.from(f === 'gzip_bomb' ? '0,'.repeat(500000)
			: '0.123456789,'.repeat(5000));
	}
	const pump = () => {
		while (!sock.destroyed && sent < 2e9) {
			sent += piece.length;
			if (!out.write(piece))
				return out.once('drain', pump);
		}
		sock.destroy();
	};
	sock.on('error', () => {});
	out.on('error', () => {});
	pump();
}

// The provider's success body.
function okBody(provider, p, vecs, f) {
	const nan = vecs.some((v) => v.some((x) => Number.isNaN(x)));
	if (provider === 'ollama')
		return { model: p.model, embeddings: vecs, prompt_eval_count: vecs.length };
	if (provider === 'gemini') {
		if (nan)	// 1e39 overflows a float: a non-finite value
			vecs = vecs.map((v) => v.map((x) => Number.isNaN(x) ? 1e39 : x));
		return { embeddings: vecs.map((v) => ({ values: v })) };
	}
	let data = vecs.map((v, i) => ({ object: 'embedding', index: i,
		embedding: p.encoding === 'base64' ? b64(v) : v }));
	if (nan && p.encoding !== 'base64')
		data = data.map((d) => ({ ...d, embedding: d.embedding.map((x) => Number.isNaN(x) ? 1e39 : x) }));
	if (f === 'shuffle')
		data.reverse();
	if (f === 'bad_index' && data.length > 1)
		data[1].index = 0;
	return { object: 'list', data, model: p.model,
		usage: { prompt_tokens: 1, total_tokens: 1 } };
}

const server = http.createServer((req, res) => {
	const chunks = [];
	let done = false;
	open++;
	res.on('close', () => { if (!done) { done = true; open--; } });
	req.on('data', (c) => chunks.push(c));
	req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
	if (args['port-file'])
		fs.writeFileSync(args['port-file'], String(server.address().port));
});
// Stop by itself after a while, in case the test that started it died.
setTimeout(() => process.exit(0), Number(args.lifetime || 600) * 1000).unref();
