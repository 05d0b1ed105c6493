// The entry page checks the entry's inclusion proof itself, with the browser's own SHA-256: the hub's word is not
// needed to see that the entry is in the published tree. It reads the canonical JSON, the proof and the checkpoint
// from the page text (the CSP forbids inline scripts and data), so what is checked is exactly what the auditor reads.
(function () {
  'use strict';

  function base64ToBytes(text) {
    var binary = atob(text.trim());
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  function bytesToBase64(bytes) {
    var binary = '';
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary);
  }

  // RFC 9162 §2.1.1: 0x00 before a leaf, 0x01 before two child hashes, so a leaf can never pass for a node.
  async function hash(prefix, first, second) {
    var input = new Uint8Array(1 + first.length + (second ? second.length : 0));
    input[0] = prefix;
    input.set(first, 1);
    if (second) {
      input.set(second, 1 + first.length);
    }
    return new Uint8Array(await crypto.subtle.digest('SHA-256', input));
  }

  // RFC 9162 §2.1.3.2, on BigInt so that indexes beyond 2^31 shift correctly.
  async function rootFromProof(index, size, leaf, proof) {
    if (index >= size) {
      throw new Error('leaf index ' + index + ' ≥ tree size ' + size);
    }
    var fn = index;
    var sn = size - 1n;
    var r = leaf;
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0n) {
        throw new Error('the proof has more hashes than the tree has levels');
      }
      if ((fn & 1n) === 1n || fn === sn) {
        r = await hash(0x01, proof[i], r);
        // A right-most node without a sibling at this level: skip the levels where it is promoted unchanged.
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      } else {
        r = await hash(0x01, r, proof[i]);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    if (sn !== 0n) {
      throw new Error('the proof has fewer hashes than the tree has levels');
    }
    return r;
  }

  function show(result, state, text) {
    var marks = { ok: '✓', bad: '✗', unavailable: '–' };
    result.className = 'verify verify-' + state;
    result.querySelector('.verify-mark').textContent = marks[state];
    result.querySelector('.verify-text').textContent = text;
  }

  async function verify(box, result) {
    // A C2SP checkpoint: origin, tree size, base64 root hash, then optional extension lines and the signatures.
    var lines = document.getElementById('checkpoint-text').textContent.split('\n');
    var expected = (lines[2] || '').trim();
    document.getElementById('root-checkpoint').textContent = expected || '–';
    var size = BigInt(box.dataset.size);
    if (!/^[0-9]+$/.test(lines[1] || '') || BigInt(lines[1]) !== size) {
      throw new Error('the checkpoint is for tree size ' + lines[1] + ', the proof for ' + size);
    }
    var entry = new TextEncoder().encode(document.getElementById('entry-json').textContent);
    var proof = Array.prototype.map.call(document.querySelectorAll('#proof-hashes code'), function (code) {
      return base64ToBytes(code.textContent);
    });
    var root = bytesToBase64(await rootFromProof(BigInt(box.dataset.index), size, await hash(0x00, entry), proof));
    document.getElementById('root-computed').textContent = root;
    show(result, root === expected ? 'ok' : 'bad', root === expected ? box.dataset.msgOk : box.dataset.msgBad);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var box = document.getElementById('proof-check');
    if (!box) {
      return;
    }
    var result = document.getElementById('proof-result');
    if (box.dataset.hash !== 'SHA-256') {
      // Browsers have no SM3; the command-line verifier has.
      show(result, 'unavailable', box.dataset.msgSm3);
      return;
    }
    if (!window.crypto || !window.crypto.subtle) {
      // WebCrypto exists only in secure contexts: HTTPS, or http://localhost.
      show(result, 'unavailable', box.dataset.msgUnavailable);
      return;
    }
    verify(box, result).catch(function (error) {
      show(result, 'bad', box.dataset.msgMalformed + ' ' + error.message);
    });
  });
})();
