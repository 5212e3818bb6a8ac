import KelvinIO

/// The weights of a Llama-family checkpoint (Llama, Mistral, Qwen2): every matrix row-major
/// with one row per output, as `torch.nn.Linear` stores it, read without transposing.
struct LlamaWeights: Sendable {
  /// One decoder layer.
  struct Block: Sendable {
    var attentionNorm: [Float]
    /// `(h·s) × d`, `(k·s) × d`, `(k·s) × d` for h query heads, k key-value heads of width s.
    var query: [Float]
    var key: [Float]
    var value: [Float]
    var queryBias: [Float]?
    var keyBias: [Float]?
    var valueBias: [Float]?
    /// `d × (h·s)`.
    var output: [Float]
    var outputBias: [Float]?
    var feedForwardNorm: [Float]
    /// `f × d` each.
    var gate: [Float]
    var up: [Float]
    var gateBias: [Float]?
    var upBias: [Float]?
    /// `d × f`.
    var down: [Float]
    var downBias: [Float]?
  }

  /// `V × d`.
  var tokenEmbedding: [Float]
  var blocks: [Block]
  var finalNorm: [Float]
  /// `V × d`; `nil` when tied to ``tokenEmbedding``.
  var outputLayer: [Float]?

  /// Reads and checks every tensor `configuration` implies.
  ///
  /// - Throws: ``KelvinIOError/malformed(_:_:)`` naming a tensor that is missing, of the
  ///   wrong shape or not floating-point.
  init(_ tensors: CheckpointTensors, _ configuration: ModelConfiguration) throws {
    let d = configuration.hiddenSize
    let f = configuration.intermediateSize
    let queryWidth = configuration.heads * configuration.headSize
    let keyWidth = configuration.keyValueHeads * configuration.headSize
    tokenEmbedding = try tensors.floats(
      "model.embed_tokens.weight", shape: [configuration.vocabularySize, d])
    blocks = try (0..<configuration.layers).map { layer in
      let prefix = "model.layers.\(layer)."
      func matrix(_ name: String, _ rows: Int, _ columns: Int) throws -> [Float] {
        try tensors.floats(prefix + name + ".weight", shape: [rows, columns])
      }
      func bias(_ name: String, _ count: Int, _ present: Bool) throws -> [Float]? {
        present ? try tensors.floats(prefix + name + ".bias", shape: [count]) : nil
      }
      let attention = configuration.hasAttentionBias
      let output = configuration.hasOutputBias
      let feedForward = configuration.hasFeedForwardBias
      return Block(
        attentionNorm: try tensors.floats(prefix + "input_layernorm.weight", shape: [d]),
        query: try matrix("self_attn.q_proj", queryWidth, d),
        key: try matrix("self_attn.k_proj", keyWidth, d),
        value: try matrix("self_attn.v_proj", keyWidth, d),
        queryBias: try bias("self_attn.q_proj", queryWidth, attention),
        keyBias: try bias("self_attn.k_proj", keyWidth, attention),
        valueBias: try bias("self_attn.v_proj", keyWidth, attention),
        output: try matrix("self_attn.o_proj", d, queryWidth),
        outputBias: try bias("self_attn.o_proj", d, output),
        feedForwardNorm: try tensors.floats(
          prefix + "post_attention_layernorm.weight", shape: [d]),
        gate: try matrix("mlp.gate_proj", f, d), up: try matrix("mlp.up_proj", f, d),
        gateBias: try bias("mlp.gate_proj", f, feedForward),
        upBias: try bias("mlp.up_proj", f, feedForward),
        down: try matrix("mlp.down_proj", d, f),
        downBias: try bias("mlp.down_proj", d, feedForward))
    }
    finalNorm = try tensors.floats("model.norm.weight", shape: [d])
    if configuration.tiesEmbeddings {
      outputLayer = nil
    } else {
      outputLayer = try tensors.floats("lm_head.weight", shape: [configuration.vocabularySize, d])
    }
  }
}
