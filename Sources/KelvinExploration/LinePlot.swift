import Foundation
import KelvinCore

/// A small SVG line chart.
///
/// One or more panels sharing the x axis, one line per series, a
/// legend. Colours are Paul Tol's "bright" scheme, distinguishable with colour blindness.
public enum LinePlot {
  /// One panel: a title, a y label and the series (name and values, x = 1, 2, …).
  public struct Panel: Sendable {
    /// The panel's title.
    public let title: String
    /// What the y axis measures.
    public let yLabel: String
    /// The lines.
    public let series: [(name: String, values: [Double])]

    /// Creates a panel.
    public init(title: String, yLabel: String, series: [(name: String, values: [Double])]) {
      self.title = title
      self.yLabel = yLabel
      self.series = series
    }
  }

  static let colours = [
    "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB",
  ]

  /// The SVG text.
  public static func svg(panels: [Panel], xLabel: String) -> String {
    let width = 820.0
    let panelHeight = 300.0
    let left = 70.0
    let plotWidth = 540.0
    let height = panelHeight * Double(panels.count) + 40
    func f(_ x: Double) -> String { NumberFormatting.shortest((x * 10).rounded() / 10) }
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    for (index, panel) in panels.enumerated() {
      let top = Double(index) * panelHeight + 40
      let plotHeight = panelHeight - 80
      let all = panel.series.flatMap(\.values)
      var low = all.min() ?? 0
      var high = all.max() ?? 1
      if high - low < 1e-9 { high = low + 1 }
      let pad = (high - low) * 0.05
      low -= pad
      high += pad
      let count = max(2, panel.series.map(\.values.count).max() ?? 2)
      func x(_ i: Int) -> Double { left + Double(i) / Double(count - 1) * plotWidth }
      func y(_ v: Double) -> Double { top + (1 - (v - low) / (high - low)) * plotHeight }
      svg +=
        "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top - 12))\" text-anchor=\"middle\" font-size=\"14\">\(panel.title)</text>\n"
      svg +=
        "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#222\"/>\n"
      for tick in 0...4 {
        let value = low + (high - low) * Double(tick) / 4
        svg +=
          "<text x=\"\(f(left - 6))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\">\(String(format: "%.2f", value))</text>\n"
        let step = Int((Double(count) * Double(tick) / 4).rounded())
        svg +=
          "<text x=\"\(f(x(max(0, step - 1))))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">\(step)</text>\n"
      }
      svg +=
        "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight + 34))\" text-anchor=\"middle\">\(xLabel)</text>\n"
      svg +=
        "<text x=\"16\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f(top + plotHeight / 2)))\">\(panel.yLabel)</text>\n"
      for (number, series) in panel.series.enumerated() {
        let colour = colours[number % colours.count]
        let points = series.values.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element)))" }
          .joined(separator: " ")
        svg +=
          "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.2\" points=\"\(points)\"/>\n"
        let legendY = top + 14 + Double(number) * 18
        svg +=
          "<line x1=\"\(f(left + plotWidth + 14))\" y1=\"\(f(legendY - 4))\" x2=\"\(f(left + plotWidth + 34))\" y2=\"\(f(legendY - 4))\" stroke=\"\(colour)\" stroke-width=\"3\"/>\n"
        svg +=
          "<text x=\"\(f(left + plotWidth + 40))\" y=\"\(f(legendY))\">\(series.name.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</text>\n"
      }
    }
    return svg + "</svg>\n"
  }
}

extension LinePlot {
  /// The testbed's two panels for a set of policies: average reward and % optimal action,
  /// against the step.
  ///
  /// - Parameters:
  ///   - names: The policies' names, one per curve.
  ///   - curves: The curves, as ``BanditTestbed/run(_:threads:progress:)`` returns them.
  ///   - testbed: The testbed they came from, for the titles.
  /// - Returns: A standalone SVG document.
  public static func banditComparison(
    names: [String], curves: [BanditTestbed.Curve], testbed: BanditTestbed
  ) -> String {
    svg(
      panels: [
        Panel(
          title: "Average reward (\(testbed.runs) runs, \(testbed.arms) arms)",
          yLabel: "average reward", series: zip(names, curves).map { ($0, $1.averageReward) }),
        Panel(
          title: "Optimal action", yLabel: "% optimal action",
          series: zip(names, curves).map { ($0, $1.optimalActionFraction.map { $0 * 100 }) }),
      ], xLabel: "steps")
  }
}
