import KelvinIO

/// The weights of a GPT-2 checkpoint in the layouts the runtime reads: every matrix row-major
/// with one row per output (transformers' `Conv1D` stores `[in, out]`; it is transposed once,
/// at load), the token embedding doubling as the output layer (GPT-2 ties them).
struct GPT2Weights: Sendable {
  /// One transformer block.
  struct Block: Sendable {
    var attentionNormGain: [Float]
    var attentionNormBias: [Float]
    /// `3d × d`: the query, key and value projections, stacked.
    var attention: [Float]
    var attentionBias: [Float]
    /// `d × d`.
    var projection: [Float]
    var projectionBias: [Float]
    var feedForwardNormGain: [Float]
    var feedForwardNormBias: [Float]
    /// `f × d`.
    var up: [Float]
    var upBias: [Float]
    /// `d × f`.
    var down: [Float]
    var downBias: [Float]
  }

  /// `V × d`.
  var tokenEmbedding: [Float]
  /// `P × d`.
  var positionEmbedding: [Float]
  var blocks: [Block]
  var finalNormGain: [Float]
  var finalNormBias: [Float]

  /// Reads and checks every tensor `configuration` implies.
  ///
  /// - Throws: ``KelvinIOError/malformed(_:_:)`` naming a tensor that is missing, of the
  ///   wrong shape or not floating-point.
  init(_ tensors: CheckpointTensors, _ configuration: ModelConfiguration) throws {
    let d = configuration.hiddenSize
    let f = configuration.intermediateSize
    tokenEmbedding = try tensors.floats("wte.weight", shape: [configuration.vocabularySize, d])
    positionEmbedding = try tensors.floats(
      "wpe.weight", shape: [configuration.maximumPositions, d])
    blocks = try (0..<configuration.layers).map { layer in
      let prefix = "h.\(layer)."
      func vector(_ name: String, _ count: Int) throws -> [Float] {
        try tensors.floats(prefix + name, shape: [count])
      }
      func conv(_ name: String, _ input: Int, _ output: Int) throws -> [Float] {
        Self.transposed(
          try tensors.floats(prefix + name, shape: [input, output]), rows: input,
          columns: output)
      }
      return Block(
        attentionNormGain: try vector("ln_1.weight", d),
        attentionNormBias: try vector("ln_1.bias", d),
        attention: try conv("attn.c_attn.weight", d, 3 * d),
        attentionBias: try vector("attn.c_attn.bias", 3 * d),
        projection: try conv("attn.c_proj.weight", d, d),
        projectionBias: try vector("attn.c_proj.bias", d),
        feedForwardNormGain: try vector("ln_2.weight", d),
        feedForwardNormBias: try vector("ln_2.bias", d),
        up: try conv("mlp.c_fc.weight", d, f), upBias: try vector("mlp.c_fc.bias", f),
        down: try conv("mlp.c_proj.weight", f, d), downBias: try vector("mlp.c_proj.bias", d))
    }
    finalNormGain = try tensors.floats("ln_f.weight", shape: [d])
    finalNormBias = try tensors.floats("ln_f.bias", shape: [d])
  }

  /// The `columns × rows` transpose of a row-major `rows × columns` matrix.
  static func transposed(_ values: [Float], rows: Int, columns: Int) -> [Float] {
    var result = [Float](repeating: 0, count: values.count)
    for row in 0..<rows {
      for column in 0..<columns { result[column * rows + row] = values[row * columns + column] }
    }
    return result
  }
}
