import Foundation

/// GPT-2's forward pass, one token at a time, over a key-value cache.
///
/// Position `t` attends to the keys and values of positions `0…t`, kept from earlier calls, so
/// a context is evaluated once and each new token costs one pass through the blocks. The
/// arithmetic is transformers' `GPT2LMHeadModel` in eval mode: learned position embeddings,
/// pre-LayerNorm blocks, attention scaled by `1/√(d/h)` under the causal mask, the tanh GELU,
/// the final LayerNorm and the tied output layer.
struct GPT2Runtime: Sendable {
  let configuration: ModelConfiguration
  let weights: GPT2Weights
  /// Per block, the keys and the values of the cached positions, `d` each.
  private(set) var keys: [[Float]]
  private(set) var values: [[Float]]
  /// How many positions the cache holds.
  private(set) var cached = 0

  init(configuration: ModelConfiguration, weights: GPT2Weights) {
    self.configuration = configuration
    self.weights = weights
    keys = Array(repeating: [], count: configuration.layers)
    values = keys
  }

  /// Forgets the positions from `position` on.
  mutating func truncate(to position: Int) {
    guard position < cached else { return }
    let d = configuration.hiddenSize
    for layer in 0..<configuration.layers {
      keys[layer].removeSubrange((position * d)...)
      values[layer].removeSubrange((position * d)...)
    }
    cached = position
  }

  /// Evaluates `token` at the next position and returns the final hidden state.
  ///
  /// - Precondition: `token` is in the vocabulary and the cache holds fewer than
  ///   `maximumPositions` positions (the caller checks both).
  mutating func advance(_ token: Int) -> [Float] {
    let d = configuration.hiddenSize
    let heads = configuration.heads
    let headSize = d / heads
    let position = cached
    var hidden = [Float](repeating: 0, count: d)
    for index in 0..<d {
      hidden[index] =
        weights.tokenEmbedding[token * d + index] + weights.positionEmbedding[position * d + index]
    }
    var normed = [Float](repeating: 0, count: d)
    var qkv = [Float](repeating: 0, count: 3 * d)
    var attended = [Float](repeating: 0, count: d)
    var projected = [Float](repeating: 0, count: d)
    var up = [Float](repeating: 0, count: configuration.intermediateSize)
    var scores = [Double](repeating: 0, count: position + 1)
    for layer in 0..<configuration.layers {
      let block = weights.blocks[layer]
      TransformerKernels.layerNorm(
        hidden, gain: block.attentionNormGain, bias: block.attentionNormBias,
        epsilon: configuration.normEpsilon, into: &normed)
      TransformerKernels.linear(block.attention, block.attentionBias, normed, into: &qkv)
      keys[layer].append(contentsOf: qkv[d..<(2 * d)])
      values[layer].append(contentsOf: qkv[(2 * d)..<(3 * d)])
      TransformerKernels.attend(
        Array(qkv[0..<d]), keys: keys[layer], values: values[layer], positions: position + 1,
        heads: heads, keyValueHeads: heads, size: headSize, scores: &scores, into: &attended)
      TransformerKernels.linear(block.projection, block.projectionBias, attended, into: &projected)
      for index in 0..<d { hidden[index] += projected[index] }
      TransformerKernels.layerNorm(
        hidden, gain: block.feedForwardNormGain, bias: block.feedForwardNormBias,
        epsilon: configuration.normEpsilon, into: &normed)
      TransformerKernels.linear(block.up, block.upBias, normed, into: &up)
      TransformerKernels.gelu(&up)
      TransformerKernels.linear(block.down, block.downBias, up, into: &projected)
      for index in 0..<d { hidden[index] += projected[index] }
    }
    cached += 1
    TransformerKernels.layerNorm(
      hidden, gain: weights.finalNormGain, bias: weights.finalNormBias,
      epsilon: configuration.normEpsilon, into: &normed)
    return normed
  }

  /// The logits of a final hidden state (the tied output layer).
  func logits(of hidden: [Float], into logits: inout [Float]) {
    if logits.count != configuration.vocabularySize {
      logits = [Float](repeating: 0, count: configuration.vocabularySize)
    }
    TransformerKernels.linear(weights.tokenEmbedding, nil, hidden, into: &logits)
  }
}
