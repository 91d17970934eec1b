'use strict';
// RS256 JWTs for Herald, signed with the DEV private key (PKCS#8 PEM). Claims per shared/PROTOCOL.md.
const crypto = require('crypto');
const fs = require('fs');

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function signer(keyPath) {
  const key = crypto.createPrivateKey(fs.readFileSync(keyPath));
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  return function sign({ sub, tenant = 'bench', groups = [], ttlSeconds = 3600, issuer = 'herald-dev' }) {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer, sub, tenant, groups, iat: now, exp: now + ttlSeconds,
      jti: crypto.randomUUID(),
    };
    const input = `${header}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(crypto.sign('RSA-SHA256', Buffer.from(input), key))}`;
  };
}

module.exports = { signer };
