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
}
