/// The look of one series: a colour of a colour-blind-safe palette, a marker shape and a dash
/// pattern, combined so that 16 series all differ, and two that share a colour differ in
/// marker and dash as well.
public struct SeriesStyle: Sendable, Equatable {
  /// The colour, `#rrggbb`.
  public let colour: String
  /// The marker shape.
  public let marker: Marker
  /// The SVG `stroke-dasharray` of a line (`nil` for solid).
  public let dash: String?

  /// Marker shapes.
  public enum Marker: Sendable, Equatable {
    case circle, square, triangle, diamond
    /// A five-pointed star, kept for reference points (no series gets it).
    case star

    /// The shapes series cycle through.
    static let series: [Marker] = [.circle, .square, .triangle, .diamond]
  }

  /// The palette of Okabe and Ito (2008), safe for the common colour-vision deficiencies,
  /// with black last.
  public static let palette = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
  ]

  /// The style of series `index`: colours cycle every 8, marker and dash change with each
  /// cycle, so series 0 and 8 share a colour but not a shape or a dash.
  public static func series(_ index: Int) -> SeriesStyle {
    let cycle = index / palette.count
    let dashes: [String?] = [nil, "6 3", "2 2", "8 3 2 3"]
    return SeriesStyle(
      colour: palette[index % palette.count],
      marker: Marker.series[(index + cycle) % Marker.series.count],
      dash: dashes[cycle % dashes.count])
  }
}
