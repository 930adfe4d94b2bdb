'use strict';

// The echo function of benchmarks/src/main/java/.../E2eHarness.java (ECHO): answers
// {"echo": body, "userAgent": User-Agent} as JSON, here as an ALB target under serverless-offline.
module.exports.echo = async (event) => ({
  statusCode: 200,
  isBase64Encoded: false,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ echo: event.body || '', userAgent: (event.headers || {})['user-agent'] || '' }),
});
