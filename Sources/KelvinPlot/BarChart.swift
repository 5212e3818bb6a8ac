/// A bar chart of named categories, each bar labelled with its value, category labels
/// thinned when they would overlap.
public struct BarChart: Sendable {
  /// The title above the plot area.
  public var title: String
  /// The vertical axis's label.
  public var yLabel: String
  /// The category names, left to right.
  public var categories: [String]
  /// The bar heights (non-finite values draw no bar).
  public var values: [Double]
  /// The vertical range (`nil`: from the data, including 0).
  public var yRange: ClosedRange<Double>?
  /// How a bar's value is printed above it (`nil`: no value labels).
  public var valueLabel: (@Sendable (Double) -> String)?
  /// The plot area's width in px.
  public var plotWidth = 200.0
  /// The plot area's height in px.
  public var plotHeight = 150.0

  /// Creates a chart.
  public init(
    title: String, yLabel: String, categories: [String], values: [Double],
    yRange: ClosedRange<Double>? = nil, valueLabel: (@Sendable (Double) -> String)? = nil
  ) {
    self.title = title
    self.yLabel = yLabel
    self.categories = categories
    self.values = values
    self.yRange = yRange
    self.valueLabel = valueLabel
  }

  /// The chart as a picture.
  ///
  /// - Complexity: O(categories).
  public func picture() -> Picture {
    let finite = values.filter(\.isFinite)
    let range = yRange ?? (min(0, finite.min() ?? 0)...max(0, finite.max() ?? 1))
    let axes = Axes(
      left: 60, top: 36, width: plotWidth, height: plotHeight,
      x: AxisTicks(covering: 0, 1), y: AxisTicks(covering: range.lowerBound, range.upperBound))
    var canvas = Canvas()
    canvas.text(title, x: axes.left, y: 22, size: 13, bold: true)
    axes.draw(on: &canvas, xLabel: "", yLabel: yLabel, xTickLabels: false)
    let count = max(1, categories.count)
    let slot = plotWidth / Double(count)
    let widest = categories.map { SVGText.width($0, size: 11) }.max() ?? 0
    let every = max(1, Int(((widest + 4) / max(1e-9, slot)).rounded(.up)))
    let valueEvery = max(1, Int((34 / max(1e-9, slot)).rounded(.up)))
    for (index, name) in categories.enumerated() {
      let centre = axes.left + slot * (Double(index) + 0.5)
      if index < values.count, values[index].isFinite {
        let value = values[index]
        let top = axes.py(max(value, 0))
        let bottom = axes.py(min(value, 0))
        canvas.rect(
          x: centre - slot * 0.35, y: top, width: slot * 0.7, height: bottom - top,
          fill: SeriesStyle.palette[0])
        if let valueLabel, index % valueEvery == 0 {
          canvas.text(
            valueLabel(value), x: centre, y: max(axes.top - 3, top - 4), anchor: "middle", size: 10)
        }
      }
      if index % every == 0 {
        canvas.text(name, x: centre, y: axes.top + plotHeight + 15, anchor: "middle", size: 11)
      }
    }
    if categories.isEmpty {
      canvas.text(
        "no data", x: axes.left + plotWidth / 2, y: axes.top + plotHeight / 2, anchor: "middle",
        colour: "#666")
    }
    return Picture(
      width: axes.left + plotWidth + 10, height: axes.top + plotHeight + 26, body: canvas.body)
  }
}
