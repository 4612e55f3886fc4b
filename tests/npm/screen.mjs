// The screen a terminal would show after the bytes on stdin: enough of a
// VT100 for progress reports (printable text, \r, \n, ESC[K, ESC[J and
// ESC[nA), on an endless screen. Prints its non-empty lines, in order;
// fails (exit 1) on any other control sequence, so a test sees one.
import { readFileSync } from 'node:fs';

const input = readFileSync(0, 'utf8');
const rows = [''];
let row = 0, col = 0;

function put(ch) {
	const line = rows[row].padEnd(col, ' ');
	rows[row] = line.slice(0, col) + ch + line.slice(col + 1);
	col++;
}

for (let i = 0; i < input.length; i++) {
	const ch = input[i];
	if (ch === '\r') {
		col = 0;
	} else if (ch === '\n') {
		row++;
		if (row === rows.length) rows.push('');
	} else if (ch === '\x1b') {
		const m = /^\x1b\[(\d*)([AJK])/.exec(input.slice(i, i + 16));
		if (!m) {
			console.error(`unknown escape at byte ${i}: ${JSON.stringify(input.slice(i, i + 8))}`);
			process.exit(1);
		}
		i += m[0].length - 1;
		if (m[2] === 'A') row = Math.max(0, row - Number(m[1] || 1));
		else if (m[2] === 'K') rows[row] = rows[row].slice(0, col);
		else {
			rows[row] = rows[row].slice(0, col);
			rows.length = row + 1;
		}
	} else if (ch < ' ' && ch !== '\t') {
		console.error(`control character ${ch.charCodeAt(0)} at byte ${i}`);
		process.exit(1);
	} else {
		put(ch);
	}
}
for (const r of rows) if (r.trim() !== '') console.log(r.trimEnd());
