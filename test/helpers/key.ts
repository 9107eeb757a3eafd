/**
 * The API key every test sends: distinctive enough to search every output and error
 * for. A module of its own, without vitest, so that processes the tests start (the
 * queue's worker processes) hold the same key.
 */
export const TEST_KEY = 'sk_test_4f7a1c9e0b2d';
