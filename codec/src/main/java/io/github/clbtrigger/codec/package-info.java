/**
 * The pure core of clb-trigger: the CLB trigger event a function receives, and the integration response it returns.
 *
 * <p>{@link io.github.clbtrigger.codec.EventEncoder} turns an {@link io.github.clbtrigger.codec.InboundRequest} and
 * its body into the event JSON, the way Tencent CLB does. {@link io.github.clbtrigger.codec.ResponseDecoder} turns
 * the function's return value into an {@link io.github.clbtrigger.codec.HttpResponse}, in the
 * {@link io.github.clbtrigger.codec.Dialect#CLB CLB} or {@link io.github.clbtrigger.codec.Dialect#FUNCTION_GRAPH
 * FunctionGraph} dialect, and never throws: an invalid value becomes a
 * {@link io.github.clbtrigger.codec.DecodeResult.Invalid} carrying the dialect's error response, an
 * {@link io.github.clbtrigger.codec.InvalidReason} and a JSON path. {@link io.github.clbtrigger.codec.ClbErrors}
 * holds the frontend's own error responses and {@link io.github.clbtrigger.codec.FunctionGraphContext} the
 * {@code X-CFF-*} headers of FunctionGraph HTTP functions.
 *
 * <p>Encoders and decoders are immutable and thread-safe, built once by a builder with explicit limits; every value
 * type is an immutable record. The module depends on jackson-core only (streaming, one configured factory per
 * encoder or decoder) and never changes Jackson's global defaults. The rules, with examples, are in
 * {@code docs/codec.md}.
 */
package io.github.clbtrigger.codec;
