/// A reliability diagram: one bar per confidence bin at its accuracy, the diagonal of perfect
/// calibration, the gap to each bin's mean confidence in two colours (over-confident,
/// under-confident) explained in a legend, and the bins' counts, thinned when crowded.
public struct ReliabilityChart: Sendable {
  /// One confidence bin.
  public struct Bin: Sendable, Equatable {
    /// Its confidence range.
    public let lower: Double
    /// The range's upper end.
    public let upper: Double
    /// The fraction of its predictions that were right.
    public let accuracy: Double
    /// Its predictions' mean confidence.
    public let confidence: Double
    /// The number of predictions in it.
    public let count: Int

    /// Creates a bin.
    public init(lower: Double, upper: Double, accuracy: Double, confidence: Double, count: Int) {
      self.lower = lower
      self.upper = upper
      self.accuracy = accuracy
      self.confidence = confidence
      self.count = count
    }
  }

  /// The title above the diagram.
  public var title: String
  /// The bins.
  public var bins: [Bin]
  /// A caption inside the plot area (the ECE, say).
  public var caption: String

  /// Creates a diagram.
  public init(title: String, bins: [Bin], caption: String) {
    self.title = title
    self.bins = bins
    self.caption = caption
  }

  static let overConfident = "#D55E00"
  static let underConfident = "#009E73"

  /// The diagram as a picture (the legend below the plot area).
  ///
  /// - Complexity: O(bins).
  public func picture() -> Picture {
    let size = 340.0
    let axes = Axes(
      left: 64, top: 36, width: size, height: size, x: AxisTicks(covering: 0, 1),
      y: AxisTicks(covering: 0, 1))
    var canvas = Canvas()
    canvas.text(title, x: axes.left, y: 22, size: 14, bold: true)
    axes.draw(on: &canvas, xLabel: "confidence", yLabel: "accuracy")
    let shown = bins.filter { $0.count > 0 }
    let narrowest = shown.map { ($0.upper - $0.lower) * size }.min() ?? size
    let widestCount = shown.map { SVGText.width(String($0.count), size: 9) }.max() ?? 0
    let every = max(1, Int(((widestCount + 3) / max(1e-9, narrowest)).rounded(.up)))
    for (index, bin) in shown.enumerated() {
      let left = axes.px(bin.lower) + ((bin.upper - bin.lower) * size < 4 ? 0 : 0.5)
      let span = (bin.upper - bin.lower) * size
      let width = span < 4 ? span : span - 1
      canvas.rect(
        x: left, y: axes.py(bin.accuracy), width: width, height: bin.accuracy * size,
        fill: SeriesStyle.palette[0], opacity: 0.85)
      let gapTop = axes.py(max(bin.accuracy, bin.confidence))
      let gap = abs(bin.accuracy - bin.confidence) * size
      canvas.rect(
        x: left, y: gapTop, width: width, height: gap,
        fill: bin.confidence > bin.accuracy ? Self.overConfident : Self.underConfident,
        opacity: 0.55)
      if index % every == 0 {
        canvas.text(
          String(bin.count), x: left + width / 2, y: axes.top + size - 4, anchor: "middle", size: 9,
          colour: "#fff")
      }
    }
    canvas.line(axes.px(0), axes.py(0), axes.px(1), axes.py(1), colour: "#444", dash: "4 3")
    canvas.text(caption, x: axes.px(0.03), y: axes.py(0.94))
    let legendTop = axes.top + size + 48
    let entries: [(String, String)] = [
      ("accuracy of the bin (count at the foot)", SeriesStyle.palette[0]),
      ("gap: over-confident (confidence > accuracy)", Self.overConfident),
      ("gap: under-confident (confidence < accuracy)", Self.underConfident),
    ]
    for (index, entry) in entries.enumerated() {
      let y = legendTop + Double(index) * 18
      canvas.rect(x: axes.left, y: y - 9, width: 14, height: 10, fill: entry.1, opacity: 0.8)
      canvas.text(entry.0, x: axes.left + 20, y: y)
    }
    canvas.text("dashed: perfect calibration", x: axes.left, y: legendTop + 54)
    let legendWidth = entries.map { SVGText.width($0.0, size: 12) + 20 }.max() ?? 0
    return Picture(
      width: max(axes.left + size + 16, axes.left + legendWidth + 10), height: legendTop + 64,
      body: canvas.body)
  }
}
