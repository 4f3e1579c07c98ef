function assert (ok, message) { if (!ok) throw new Error(message || 'Assertion failed') }
assert.ok = assert
assert.equal = (a, b, m) => assert(a == b, m) // eslint-disable-line eqeqeq
assert.strictEqual = (a, b, m) => assert(a === b, m)
module.exports = assert
