// Event-stream clients in a process of their own, so a test's server is not also the one
// reading its streams: opens COUNT streams of URL with TOKEN, reads them all, prints
// `open COUNT` once every stream answered 200, then the bytes read so far every 100 ms.
// Ends when its standard input closes.
const [url, token, count] = process.argv.slice(2);
let bytes = 0;
const controller = new AbortController();
const responses = await Promise.all(
  Array.from({ length: Number(count) }, () =>
    fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal }),
  ),
);
const refused = responses.filter((res) => res.status !== 200);
if (refused.length > 0) {
  process.stdout.write(`refused ${refused.length} ${refused[0].status}\n`);
  process.exit(1);
}
for (const res of responses) {
  const reader = res.body.getReader();
  (async () => {
    try {
      for (;;) {
        const part = await reader.read();
        if (part.done) return;
        bytes += part.value.byteLength;
      }
    } catch {
      // aborted on exit
    }
  })();
}
process.stdout.write(`open ${responses.length}\n`);
const report = setInterval(() => process.stdout.write(`bytes ${bytes}\n`), 100);
process.stdin.resume();
process.stdin.on('end', () => {
  clearInterval(report);
  process.stdout.write(`bytes ${bytes}\n`);
  controller.abort();
  process.exit(0);
});
