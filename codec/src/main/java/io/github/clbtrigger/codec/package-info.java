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
 * type is an immutable record. The module depends on jackson-core only, 2.16 or later (streaming, one configured
 * factory per encoder or decoder, {@code JacksonSetup}), checks that version when an encoder or decoder is built, and
 * never changes Jackson's global defaults. The rules, with examples, are in {@code docs/codec.md}.
 *
 * <p>Inside, each direction has two paths that must agree byte for byte:
 * <ul>
 *   <li>Decoding: {@code ResponseScanner} tokenizes the value in one pass over its bytes and answers
 *       {@code Decided(response)} or {@code Unsure}; {@code JacksonResponseReader} tokenizes with Jackson, decides
 *       every value and explains every refusal. Both hand what they read to a {@code ResponseAssembler}, which
 *       holds the rules of a response (status range, required members, header rules and dropped headers, Base64
 *       choice, body limit); the readers hold only the JSON rules. The scanner is its own assembler (a subclass), so
 *       that a value it decides costs one object. The scanner is sound, not complete: it decides only values it is
 *       sure of, and the decoder asks the Jackson reader about the rest.</li>
 *   <li>Encoding: {@code PayloadScanner} checks and copies a JSON request body in one pass; when it is not sure,
 *       Jackson's parser checks the body and a generator copies it.</li>
 * </ul>
 * The invariant, enforced by property tests (QuickTheories) over random and mutated inputs: wherever a scanner
 * decides, its output equals the Jackson path's ({@code DecoderFastPathTests}, {@code EncoderFastPathTests}), and
 * the Jackson paths equal naive references built on jackson-databind.
 */
package io.github.clbtrigger.codec;
