/// A finished piece of a picture: its size and its SVG elements, placed at the origin.
///
/// Charts render to pictures; pictures compose side by side or one above the other
/// (``row(_:spacing:)``, ``column(_:spacing:)``), and ``document(title:summary:)`` wraps one
/// in a standalone SVG document.
public struct Picture: Sendable {
  /// The width in px.
  public let width: Double
  /// The height in px.
  public let height: Double
  /// The SVG elements.
  let body: String

  init(width: Double, height: Double, body: String) {
    self.width = width
    self.height = height
    self.body = body
  }

  /// The pictures side by side, tops aligned.
  public static func row(_ pictures: [Picture], spacing: Double = 10) -> Picture {
    stacked(pictures, spacing: spacing, horizontally: true)
  }

  /// The pictures one above the other, left edges aligned.
  public static func column(_ pictures: [Picture], spacing: Double = 10) -> Picture {
    stacked(pictures, spacing: spacing, horizontally: false)
  }

  /// The pictures one after another along one axis, each shifted by the extent of the ones
  /// before it and `spacing`.
  static func stacked(_ pictures: [Picture], spacing: Double, horizontally: Bool) -> Picture {
    var offset = 0.0
    var body = ""
    for picture in pictures {
      let shift = SVGText.coordinate(offset)
      body +=
        "<g transform=\"translate(\(horizontally ? shift : "0") \(horizontally ? "0" : shift))\">\n\(picture.body)</g>\n"
      offset += (horizontally ? picture.width : picture.height) + spacing
    }
    let along = max(0, offset - spacing)
    let across = pictures.map { horizontally ? $0.height : $0.width }.max() ?? 0
    return Picture(
      width: horizontally ? along : across, height: horizontally ? across : along, body: body)
  }

  /// A standalone SVG document: white background, `<title>` and `<desc>` for screen readers.
  public func document(title: String, summary: String) -> String {
    let (w, h) = (SVGText.coordinate(width), SVGText.coordinate(height))
    return """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" \
      font-family="sans-serif" font-size="12" role="img">
      <title>\(SVGText.escaped(title))</title>
      <desc>\(SVGText.escaped(summary))</desc>
      <rect x="0" y="0" width="\(w)" height="\(h)" fill="white"/>
      \(body)</svg>

      """
  }
}
