/// A line chart: one line per series against x = 1, 2, …, optionally with a shaded band
/// (a confidence interval, say), nice ticks, and a legend beside the plot area.
public struct LineChart: Sendable {
  /// One line.
  public struct Series: Sendable {
    /// Its legend entry.
    public let name: String
    /// The values at x = 1, 2, ….
    public let values: [Double]
    /// A band around the line, lower and upper values at the same x (`nil`: none).
    public let band: (lower: [Double], upper: [Double])?

    /// Creates a series.
    public init(name: String, values: [Double], band: (lower: [Double], upper: [Double])? = nil) {
      self.name = name
      self.values = values
      self.band = band
    }
  }

  /// The title above the plot area.
  public var title: String
  /// The horizontal axis's label.
  public var xLabel: String
  /// The vertical axis's label.
  public var yLabel: String
  /// The lines, in legend order.
  public var series: [Series]
  /// The plot area's size in px.
  public var plotWidth = 520.0
  /// The plot area's height in px.
  public var plotHeight = 240.0

  /// Creates a chart.
  public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
  }

  /// The chart as a picture.
  ///
  /// - Complexity: O(total values).
  public func picture() -> Picture {
    let values = series.flatMap { series in
      series.values + (series.band.map { $0.lower + $0.upper } ?? [])
    }.filter(\.isFinite)
    let count = series.map(\.values.count).max() ?? 0
    var xTicks = AxisTicks(covering: 1, Double(max(1, count)), integers: true)
    if count <= 1 { xTicks = AxisTicks(covering: 0, 2, integers: true) }
    let axes = Axes(
      left: 70, top: 36, width: plotWidth, height: plotHeight, x: xTicks,
      y: AxisTicks(covering: values.min() ?? 0, values.max() ?? 1))
    var canvas = Canvas()
    canvas.text(title, x: axes.left, y: 22, size: 14, bold: true)
    axes.draw(on: &canvas, xLabel: xLabel, yLabel: yLabel)
    for (index, line) in series.enumerated() {
      let style = SeriesStyle.series(index)
      if let band = line.band {
        let upper = band.upper.enumerated().map {
          (axes.px(Double($0.offset + 1)), axes.py($0.element))
        }
        let lower = band.lower.enumerated().map {
          (axes.px(Double($0.offset + 1)), axes.py($0.element))
        }
        canvas.polygon(upper + lower.reversed(), fill: style.colour, opacity: 0.18)
      }
      let points = line.values.enumerated().filter { $0.element.isFinite }.map {
        (axes.px(Double($0.offset + 1)), axes.py($0.element))
      }
      canvas.polyline(points, colour: style.colour, width: 1.6, dash: style.dash)
      if points.count == 1, let point = points.first {
        canvas.marker(style, x: point.0, y: point.1, size: 4)
      }
    }
    if series.isEmpty || values.isEmpty {
      canvas.text(
        "no data", x: axes.left + plotWidth / 2, y: axes.top + plotHeight / 2, anchor: "middle",
        colour: "#666")
    }
    let legend = Legend(
      entries: series.enumerated().map { ($1.name, SeriesStyle.series($0), true) })
    let legendX = axes.left + plotWidth + 20
    legend.draw(on: &canvas, x: legendX, y: axes.top)
    return Picture(
      width: legendX + legend.width + 10,
      height: max(axes.top + plotHeight + 50, axes.top + legend.height + 10), body: canvas.body)
  }
}
