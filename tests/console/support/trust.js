// Chromium trusts the console's certificate (made by the local CA) by its public key: the SHA-256
// of its SubjectPublicKeyInfo, given with --ignore-certificate-errors-spki-list, accepts exactly
// that key and no other certificate error.
const crypto = require('crypto');
const fs = require('fs');

function spkiHash(certificatePem) {
  const spki = new crypto.X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(spki).digest('base64');
}

function chromiumArgs() {
  const file = process.env.SAGASHOP_CONSOLE_CERT;
  if (!file) return [];
  return [`--ignore-certificate-errors-spki-list=${spkiHash(fs.readFileSync(file))}`];
}

module.exports = { chromiumArgs, spkiHash };
