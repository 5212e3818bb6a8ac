import Foundation

/// The Llama family's forward pass (Llama, Mistral, Qwen2), one token at a time, over a
/// key-value cache.
///
/// transformers' `LlamaForCausalLM` in eval mode: RMSNorm before attention and before the
/// feed-forward layer, the query and key rotated by ``RotaryEmbedding``, grouped-query
/// attention (query head j reads key-value head j / (h / k)) scaled by `1/√s` under the causal
/// mask, the SiLU-gated feed-forward `down(silu(gate(x)) · up(x))`, a final RMSNorm and the
/// output layer (or the tied embedding). Keys are cached after rotation.
struct LlamaRuntime: Sendable {
  let configuration: ModelConfiguration
  let weights: LlamaWeights
  let rotary: RotaryEmbedding
  /// Per layer, the keys and the values of the cached positions, `k·s` each.
  private(set) var keys: [[Float]]
  private(set) var values: [[Float]]
  /// How many positions the cache holds.
  private(set) var cached = 0

  init(configuration: ModelConfiguration, weights: LlamaWeights) {
    self.configuration = configuration
    self.weights = weights
    rotary = RotaryEmbedding(configuration)
    keys = Array(repeating: [], count: configuration.layers)
    values = keys
  }

  /// Forgets the positions from `position` on.
  mutating func truncate(to position: Int) {
    guard position < cached else { return }
    let width = configuration.keyValueHeads * configuration.headSize
    for layer in 0..<configuration.layers {
      keys[layer].removeSubrange((position * width)...)
      values[layer].removeSubrange((position * width)...)
    }
    cached = position
  }

  /// RMSNorm: `x / √(mean(x²) + ε) · gain`, the mean in `Double`.
  static func rmsNorm(_ x: [Float], gain: [Float], epsilon: Double, into y: inout [Float]) {
    var sum = 0.0
    for value in x { sum += Double(value) * Double(value) }
    let scale = 1 / (sum / Double(x.count) + epsilon).squareRoot()
    for index in x.indices { y[index] = gain[index] * Float(Double(x[index]) * scale) }
  }

  /// Evaluates `token` at the next position and returns the final hidden state.
  ///
  /// - Precondition: `token` is in the vocabulary and the cache holds fewer than
  ///   `maximumPositions` positions (the caller checks both).
  mutating func advance(_ token: Int) -> [Float] {
    let c = configuration
    let d = c.hiddenSize
    let size = c.headSize
    let keyWidth = c.keyValueHeads * size
    let position = cached
    var hidden = Array(weights.tokenEmbedding[(token * d)..<((token + 1) * d)])
    var normed = [Float](repeating: 0, count: d)
    var query = [Float](repeating: 0, count: c.heads * size)
    var key = [Float](repeating: 0, count: keyWidth)
    var value = [Float](repeating: 0, count: keyWidth)
    var attended = [Float](repeating: 0, count: c.heads * size)
    var projected = [Float](repeating: 0, count: d)
    var gate = [Float](repeating: 0, count: c.intermediateSize)
    var up = [Float](repeating: 0, count: c.intermediateSize)
    var scores = [Double](repeating: 0, count: position + 1)
    for layer in 0..<c.layers {
      let block = weights.blocks[layer]
      Self.rmsNorm(hidden, gain: block.attentionNorm, epsilon: c.normEpsilon, into: &normed)
      TransformerKernels.linear(block.query, block.queryBias, normed, into: &query)
      TransformerKernels.linear(block.key, block.keyBias, normed, into: &key)
      TransformerKernels.linear(block.value, block.valueBias, normed, into: &value)
      rotary.rotate(&query, heads: c.heads, size: size, position: position)
      rotary.rotate(&key, heads: c.keyValueHeads, size: size, position: position)
      keys[layer].append(contentsOf: key)
      values[layer].append(contentsOf: value)
      TransformerKernels.attend(
        query, keys: keys[layer], values: values[layer], positions: position + 1,
        heads: c.heads, keyValueHeads: c.keyValueHeads, size: size, scores: &scores,
        into: &attended)
      TransformerKernels.linear(block.output, block.outputBias, attended, into: &projected)
      for index in 0..<d { hidden[index] += projected[index] }
      Self.rmsNorm(hidden, gain: block.feedForwardNorm, epsilon: c.normEpsilon, into: &normed)
      TransformerKernels.linear(block.gate, block.gateBias, normed, into: &gate)
      TransformerKernels.linear(block.up, block.upBias, normed, into: &up)
      for index in gate.indices {
        let x = Double(gate[index])
        gate[index] = Float(x / (1 + Foundation.exp(-x))) * up[index]
      }
      TransformerKernels.linear(block.down, block.downBias, gate, into: &projected)
      for index in 0..<d { hidden[index] += projected[index] }
    }
    cached += 1
    Self.rmsNorm(hidden, gain: weights.finalNorm, epsilon: c.normEpsilon, into: &normed)
    return normed
  }

  /// The logits of a final hidden state.
  func logits(of hidden: [Float], into logits: inout [Float]) {
    if logits.count != configuration.vocabularySize {
      logits = [Float](repeating: 0, count: configuration.vocabularySize)
    }
    TransformerKernels.linear(
      weights.outputLayer ?? weights.tokenEmbedding, nil, hidden, into: &logits)
  }
}
