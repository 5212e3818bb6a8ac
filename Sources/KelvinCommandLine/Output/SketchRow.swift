import Kelvin

/// `kelvin sketch --format json`: the logits and one row per temperature, the limits last.
struct SketchDocument: Encodable {
  let logits: [Double]
  let rows: [SketchRow]
}

/// One distribution of the sketch and its drawing (its JSON: temperature, probabilities,
/// entropy).
struct SketchRow: Encodable {
  let temperature: Double
  let probabilities: [Double]
  let entropy: Double

  init(_ logits: [Double], temperature: Double) throws {
    self.temperature = temperature
    probabilities = try logits.softmax(temperature: temperature)
    entropy = try Kelvin.entropy(of: probabilities)
  }

  static let barWidth = 40

  /// A titled block: one bar per class shown with its percentage (one decimal).
  func block(title: String, _ logits: [Double], _ shown: [Int]) -> String {
    let width = shown.map { String($0).count }.max() ?? 1
    let labels = shown.map { index in
      TextFormatting.right(String(index), width) + "  z = \(TextFormatting.readable(logits[index]))"
    }
    let labelWidth = labels.map(\.count).max() ?? 0
    var text = TextFormatting.left(title, labelWidth + Self.barWidth + 5)
    text += "entropy \(TextFormatting.fixed(entropy, decimals: 3)) nats\n"
    for (label, probability) in zip(labels, shown.map { probabilities[$0] }) {
      let percent = TextFormatting.fixed(100 * probability, decimals: 1) + "%"
      text += "  " + TextFormatting.left(label, labelWidth) + "  "
      text += TextFormatting.bar(probability, width: Self.barWidth)
      text += TextFormatting.right(percent, 7) + "\n"
    }
    return text
  }
}
