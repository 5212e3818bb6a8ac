import Foundation
import KelvinCore

/// The per-token operations of the transformer runtime, on arrays, in `Float` with the
/// reductions that need it in `Double`.
enum TransformerKernels {
  /// `y = W x + b` for a row-major `y.count × x.count` matrix (the C kernel: the same bits at
  /// every instruction-set level).
  static func linear(_ weights: [Float], _ bias: [Float]?, _ x: [Float], into y: inout [Float]) {
    weights.withUnsafeBufferPointer { w in
      x.withUnsafeBufferPointer { input in
        y.withUnsafeMutableBufferPointer { output in
          FloatVectorKernels.matrixVector(w, input, into: output)
        }
      }
    }
    if let bias { for index in y.indices { y[index] += bias[index] } }
  }

  /// LayerNorm: `(x − mean) / √(var + ε) · gain + bias`, the mean and variance in `Double`.
  static func layerNorm(
    _ x: [Float], gain: [Float], bias: [Float], epsilon: Double, into y: inout [Float]
  ) {
    var mean = 0.0
    for value in x { mean += Double(value) }
    mean /= Double(x.count)
    var variance = 0.0
    for value in x {
      let centred = Double(value) - mean
      variance += centred * centred
    }
    variance /= Double(x.count)
    let scale = 1 / (variance + epsilon).squareRoot()
    for index in x.indices {
      y[index] = Float((Double(x[index]) - mean) * scale) * gain[index] + bias[index]
    }
  }

  /// GPT-2's GELU, the tanh form: `x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³)))`.
  static func gelu(_ x: inout [Float]) {
    let c = (2 / Double.pi).squareRoot()
    for index in x.indices {
      let v = Double(x[index])
      x[index] = Float(0.5 * v * (1 + Foundation.tanh(c * (v + 0.044715 * v * v * v))))
    }
  }

  /// Causal attention of one position over the cached ones: for each query head h, the
  /// softmax over positions s ≤ the current one of `q_h · k_s / √size` (in `Double`, the
  /// maximum subtracted) weights the values `v_s`, key-value head `h / (heads / keyValueHeads)`
  /// serving query head h (grouped-query attention; GPT-2 has as many of each).
  ///
  /// - Parameters:
  ///   - query: `heads × size`, this position's queries (already rotated where the
  ///     architecture rotates them).
  ///   - keys: The cached keys, `keyValueHeads × size` per position, this one included.
  ///   - values: The cached values, laid out as the keys.
  ///   - positions: How many positions the cache holds (this one included).
  ///   - scores: Working storage of at least `positions` elements.
  ///   - output: `heads × size`.
  /// - Complexity: O(heads · positions · size).
  static func attend(
    _ query: [Float], keys: [Float], values: [Float], positions: Int, heads: Int,
    keyValueHeads: Int, size: Int, scores: inout [Double], into output: inout [Float]
  ) {
    let groups = heads / keyValueHeads
    let width = keyValueHeads * size
    let scale = 1 / Double(size).squareRoot()
    for head in 0..<heads {
      let q = head * size
      let kv = (head / groups) * size
      var largest = -Double.infinity
      for source in 0..<positions {
        var dot: Float = 0
        for j in 0..<size { dot += query[q + j] * keys[source * width + kv + j] }
        scores[source] = Double(dot) * scale
        largest = max(largest, scores[source])
      }
      var total = 0.0
      for source in 0..<positions {
        scores[source] = Foundation.exp(scores[source] - largest)
        total += scores[source]
      }
      for j in 0..<size {
        var sum = 0.0
        for source in 0..<positions {
          sum += scores[source] * Double(values[source * width + kv + j])
        }
        output[q + j] = Float(sum / total)
      }
    }
  }
}
