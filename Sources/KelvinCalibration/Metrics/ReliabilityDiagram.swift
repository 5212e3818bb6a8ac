import Foundation
import KelvinCore

/// A reliability diagram as a self-contained SVG: one bar per bin at its accuracy, the
/// diagonal of perfect calibration, the gap to each bin's mean confidence, and the counts.
public enum ReliabilityDiagram {
  /// The SVG text for `bins`, titled `title`, with ECE in the caption.
  public static func svg(bins: [CalibrationBin], title: String, expectedCalibrationError: Double)
    -> String
  {
    let width = 480.0
    let height = 480.0
    let left = 60.0
    let top = 50.0
    let size = 360.0
    func x(_ value: Double) -> Double { left + value * size }
    func y(_ value: Double) -> Double { top + (1 - value) * size }
    func f(_ value: Double) -> String {
      let rounded = (value * 100).rounded() / 100
      return NumberFormatting.shortest(rounded)
    }
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(f(width / 2))" y="24" text-anchor="middle" font-size="15">\(escape(title))</text>

      """
    for bin in bins where bin.count > 0 {
      let barLeft = x(bin.lower) + 1
      let barWidth = max(1, (bin.upper - bin.lower) * size - 2)
      svg +=
        "<rect x=\"\(f(barLeft))\" y=\"\(f(y(bin.accuracy)))\" width=\"\(f(barWidth))\" height=\"\(f(size * bin.accuracy))\" fill=\"#4477aa\"/>\n"
      let gapTop = y(max(bin.accuracy, bin.confidence))
      let gapHeight = abs(bin.accuracy - bin.confidence) * size
      svg +=
        "<rect x=\"\(f(barLeft))\" y=\"\(f(gapTop))\" width=\"\(f(barWidth))\" height=\"\(f(gapHeight))\" fill=\"#ee6677\" fill-opacity=\"0.45\"/>\n"
      svg +=
        "<text x=\"\(f(barLeft + barWidth / 2))\" y=\"\(f(y(0) + 14))\" text-anchor=\"middle\" font-size=\"9\">\(bin.count)</text>\n"
    }
    svg +=
      "<line x1=\"\(f(x(0)))\" y1=\"\(f(y(0)))\" x2=\"\(f(x(1)))\" y2=\"\(f(y(1)))\" stroke=\"#444\" stroke-dasharray=\"4 3\"/>\n"
    svg +=
      "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(size))\" height=\"\(f(size))\" fill=\"none\" stroke=\"#222\"/>\n"
    for tick in stride(from: 0.0, through: 1.0, by: 0.2) {
      svg +=
        "<text x=\"\(f(x(tick)))\" y=\"\(f(y(0) + 30))\" text-anchor=\"middle\">\(f(tick))</text>\n"
      svg +=
        "<text x=\"\(f(left - 8))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">\(f(tick))</text>\n"
    }
    svg +=
      "<text x=\"\(f(x(0.5)))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">confidence (counts under the bars)</text>\n"
    svg +=
      "<text x=\"18\" y=\"\(f(y(0.5)))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(f(y(0.5))))\">accuracy</text>\n"
    svg +=
      "<text x=\"\(f(x(0.03)))\" y=\"\(f(y(0.95)))\">ECE \(f(expectedCalibrationError * 100))%</text>\n"
    svg += "</svg>\n"
    return svg
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}

extension ReliabilityDiagram {
  /// Two diagrams side by side in one SVG document: before (τ = 1) and after scaling by τ.
  ///
  /// - Parameters:
  ///   - before: The metrics at τ = 1.
  ///   - after: The metrics at the fitted temperature.
  ///   - temperature: The fitted τ, for the right-hand title.
  /// - Returns: A standalone SVG document, 960 × 480.
  public static func comparison(
    before: CalibrationMetrics, after: CalibrationMetrics, temperature: Double
  ) -> String {
    let left = svg(
      bins: before.bins, title: "before (τ = 1)",
      expectedCalibrationError: before.expectedCalibrationError)
    let right = svg(
      bins: after.bins, title: "after (τ = \(String(format: "%.3f", temperature)))",
      expectedCalibrationError: after.expectedCalibrationError)
    return """
      <svg xmlns="http://www.w3.org/2000/svg" width="960" height="480" viewBox="0 0 960 480">
      <g>\(left)</g>
      <g transform="translate(480 0)">\(right)</g>
      </svg>

      """
  }
}
