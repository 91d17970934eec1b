'use strict';
// The near-limit reference: a raw Node `ws` broadcast server with the same routes as bench/raw-endpoint.
//   GET  /ws                 WebSocket; every connection joins the one room
//   POST /api/v1/events      body = event JSON, sent as is to every socket; 202 {"recipients":n}
//   POST /__gc               runs a full GC when started with --expose-gc and answers process.memoryUsage() after it
//                            (bench.js takes heapUsed + external as what the connections hold, and RSS)
// Usage: node --expose-gc ws-server.js <port>
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 8090);
const room = new Set();

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/api/v1/events') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const event = Buffer.concat(chunks).toString('utf8');
      let recipients = 0;
      for (const ws of room) {
        if (ws.readyState === 1) { ws.send(event); recipients++; }
      }
      res.writeHead(202, { 'Content-Type': 'application/json' });
      res.end(`{"recipients":${recipients}}`);
    });
    return;
  }
  if (req.method === 'POST' && req.url === '/__gc') {
    if (global.gc) global.gc();
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(process.memoryUsage()));
    return;
  }
  res.writeHead(404);
  res.end();
});
server.keepAliveTimeout = 60000;

const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, clientTracking: false });
wss.on('connection', (ws) => {
  room.add(ws);
  ws.on('close', () => room.delete(ws));
  ws.on('error', () => room.delete(ws));
});

server.listen(port, '127.0.0.1', () => console.log(`ws-server listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
