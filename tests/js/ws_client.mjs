// Connects to a WebSocket server with npm's `ws` and prints each text message on its own line;
// prints "open" once connected and exits 0 after `count` messages (1 after 20 s).
// Usage: node ws_client.mjs <url> <count>
import WebSocket from "ws";

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
let seen = 0;
setTimeout(() => {
  console.error(`ws_client: timed out after ${seen} of ${count}`);
  process.exit(1);
}, 20000).unref();
const ws = new WebSocket(url);
ws.on("open", () => console.log("open"));
ws.on("message", (data) => {
  console.log(data.toString());
  if (++seen === count) {
    ws.close();
    process.exit(0);
  }
});
ws.on("error", (e) => {
  console.error(`ws_client: ${e.message}`);
  process.exit(1);
});
