import Foundation

/// Rotary position embeddings as transformers' Llama computes them: frequency i of a head of
/// width s is `θ^(−2i/s)` (scaled by the configuration's rule), and position p rotates the
/// pair (x_i, x_{i+s/2}) by the angle p · frequency_i (the "rotate half" layout).
struct RotaryEmbedding: Sendable {
  /// The inverse frequencies, `s/2` of them, after scaling.
  let frequencies: [Double]

  init(_ configuration: ModelConfiguration) {
    let size = configuration.headSize
    var frequencies = (0..<(size / 2)).map {
      1 / Foundation.pow(configuration.rotaryBase, Double(2 * $0) / Double(size))
    }
    switch configuration.rotaryScaling {
    case .none: break
    case .linear(let factor): frequencies = frequencies.map { $0 / factor }
    case .llama3(let factor, let low, let high, let original):
      // transformers' _compute_llama3_parameters.
      let lowWavelength = Double(original) / low
      let highWavelength = Double(original) / high
      frequencies = frequencies.map { frequency in
        let wavelength = 2 * Double.pi / frequency
        if wavelength < highWavelength { return frequency }
        if wavelength > lowWavelength { return frequency / factor }
        let smooth = (Double(original) / wavelength - low) / (high - low)
        return (1 - smooth) * frequency / factor + smooth * frequency
      }
    }
    self.frequencies = frequencies
  }

  /// Rotates each head of width `size` in `vector` (`heads × size`) for `position`.
  func rotate(_ vector: inout [Float], heads: Int, size: Int, position: Int) {
    let half = size / 2
    for i in 0..<half {
      let angle = Double(position) * frequencies[i]
      let cosine = Foundation.cos(angle)
      let sine = Foundation.sin(angle)
      for head in 0..<heads {
        let a = head * size + i
        let b = a + half
        let x = Double(vector[a])
        let y = Double(vector[b])
        vector[a] = Float(x * cosine - y * sine)
        vector[b] = Float(y * cosine + x * sine)
      }
    }
  }
}
