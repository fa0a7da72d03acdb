/**
 * Model files and tensor files: {@link org.pybridge.nn.io.ModelFile} (a whole saved model) and
 * {@link org.pybridge.nn.io.SafeTensors} (named tensors in the Hugging Face safetensors layout).
 *
 * <h2>The model file format, version 1</h2>
 *
 * A model file is a zip archive (conventionally {@code model.zip}) with these entries:
 * <table>
 *   <caption>Entries of a model file</caption>
 *   <tr><th>entry</th><th>content</th><th>zip method</th></tr>
 *   <tr><td>{@code config.json}</td><td>the network configuration JSON (the same text
 *       {@code conf.to_json()} gives); required</td><td>deflated</td></tr>
 *   <tr><td>{@code params.safetensors}</td><td>the parameters by name ({@code "0_W"},
 *       {@code "0_b"}, ...; a dense W is (n_in, n_out)); required</td><td>stored</td></tr>
 *   <tr><td>{@code updater.safetensors}</td><td>the optimizer state, named
 *       {@code "<param>.<state>"} (e.g. {@code "0_W.m"}, {@code "0_W.v"} for Adam), so that
 *       training resumes exactly; optional</td><td>stored</td></tr>
 *   <tr><td>extra text entries</td><td>e.g. {@code training_state.json}, {@code
 *       normalizer.json} (the feature normalizer that {@code output} applies, see
 *       {@link org.pybridge.nn.preprocess}), {@code transform.json} (an opaque data transform,
 *       e.g. a TransformProcess, kept for services); UTF-8 text, optional</td>
 *       <td>deflated</td></tr>
 *   <tr><td>{@code metadata.json}</td><td>written last; see below; required</td>
 *       <td>deflated</td></tr>
 * </table>
 *
 * <p>{@code metadata.json} is a JSON object:
 * <pre>{@code
 * {
 *   "format": "pybridge-model",
 *   "format_version": 1,
 *   "engine_version": "0.1.0",
 *   "created": "2024-06-11T08:00:00Z",
 *   "model_type": "MultiLayerNetwork",
 *   "entries": {
 *     "config.json": {"size": 812, "sha256": "3f1c..."},
 *     "params.safetensors": {"size": 3180544, "sha256": "9ab0..."}
 *   },
 *   ...  (keys a caller added)
 * }
 * }</pre>
 * {@code entries} lists every other entry with its uncompressed size in bytes and the SHA-256 of
 * its uncompressed bytes (64 lower-case hex digits). Readers refuse a file when: it is not a zip
 * (truncated files lose the zip's central directory at the end); metadata.json is missing or
 * its {@code format} differs ("not a pybridge model file"); {@code format_version} is newer
 * than they read; a listed entry is missing, has another size or fails its checksum; the
 * archive holds an entry that is not listed, a duplicate name, or a name that is not a plain
 * relative path (segments of letters, digits, {@code _ . + -}, no {@code ..}, no leading
 * {@code /}, no backslash); a text entry exceeds 256 MiB. Nothing in a model file is ever
 * executed or deserialised as objects: the readers parse JSON and raw tensor bytes only.
 *
 * <p>Writers write a temporary file in the target's directory, flush it to disk and rename it
 * over the target atomically, so readers see the old file or the new one, never a mix.
 *
 * <h2>The tensor entries: safetensors</h2>
 *
 * The {@code .safetensors} entries use the Hugging Face layout, so the {@code safetensors}
 * Python package reads them directly:
 * <ol>
 *   <li>8 bytes: N, the header length, an unsigned little-endian 64-bit integer;</li>
 *   <li>N bytes: a UTF-8 JSON object, padded with spaces to make 8 + N a multiple of 8:
 *       {@code {"__metadata__": {"format": "pybridge"}, "0_W": {"dtype": "F32", "shape": [784,
 *       1000], "data_offsets": [0, 3136000]}, ...}}. dtype is one of F64, F32, F16, BF16, I64,
 *       I32, I16, I8, U8, BOOL; data_offsets are [begin, end) byte offsets into the data that
 *       follows; {@code __metadata__} (optional) maps strings to strings;</li>
 *   <li>the data: each tensor's elements in C order, little-endian, back to back. Writers order
 *       the data by element size (largest first) then name, so each tensor starts aligned to its
 *       element size; readers require the tensors to tile the data exactly (no gaps, no
 *       overlaps, nothing after the last one) and each to span {@code product(shape) *
 *       element size} bytes.</li>
 * </ol>
 *
 * <p>Loading is zero-copy past one read: the data region is read once into a single off-heap,
 * 64-byte-aligned block and each tensor is a view of it (no per-tensor copies or heap arrays).
 * Since tensor entries are stored uncompressed, their bytes also lie verbatim in the zip file,
 * which leaves room for a memory-mapped reader later.
 *
 * <pre>{@code
 * ModelFile.write(Path.of("model.zip"), "MultiLayerNetwork", configJson, params, state,
 *         Map.of("normalizer.json", normalizerJson));
 * try (ModelFile f = ModelFile.read(Path.of("model.zip"))) {
 *     Map<String, NDArray> params = f.takeParams();
 * }
 * }</pre>
 */
package org.pybridge.nn.io;
