// Validates AsyncAPI documents with the official parser (@asyncapi/parser, pinned in
// package-lock.json beside this file): the document against the AsyncAPI schema of its version,
// every $ref resolved (relative ones against the file's folder), and the parser's rules, which
// also check each message example against its payload and headers schemas.
//
//   node validate.cjs FILE...
//
// Prints each error as `FAIL: FILE: ...` and each warning as `WARNING: FILE: ...`; a warning is a
// failure too, so that the document stays clean. Exits 1 if any FILE has a problem.
'use strict';

const path = require('path');
const { Parser, fromFile } = require('@asyncapi/parser');

const SEVERITY = ['error', 'warning', 'info', 'hint'];

async function problemsOf(parser, file) {
  const { document, diagnostics } = await fromFile(parser, path.resolve(file)).parse();
  const problems = diagnostics
    .filter((d) => d.severity <= 1)
    .map((d) => `${SEVERITY[d.severity]} ${d.code}: ${d.message}` +
      (d.path && d.path.length ? ` (at /${d.path.join('/')})` : ''));
  if (!document && problems.length === 0) problems.push('error: the parser made no document');
  return problems;
}

async function main(files) {
  if (files.length === 0) {
    console.error('usage: node validate.cjs FILE...');
    return 2;
  }
  const parser = new Parser();
  let ok = true;
  for (const file of files) {
    let problems;
    try {
      problems = await problemsOf(parser, file);
    } catch (error) {
      problems = [`error: ${error.message}`];
    }
    for (const problem of problems) console.log(`FAIL: ${file}: ${problem}`);
    if (problems.length) ok = false;
  }
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(2);
});
