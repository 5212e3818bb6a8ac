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
    var x = 0.0
    var body = ""
    for picture in pictures {
      body += "<g transform=\"translate(\(SVGText.coordinate(x)) 0)\">\n\(picture.body)</g>\n"
      x += picture.width + spacing
    }
    return Picture(
      width: max(0, x - spacing), height: pictures.map(\.height).max() ?? 0, body: body)
  }

  /// The pictures one above the other, left edges aligned.
  public static func column(_ pictures: [Picture], spacing: Double = 10) -> Picture {
    var y = 0.0
    var body = ""
    for picture in pictures {
      body += "<g transform=\"translate(0 \(SVGText.coordinate(y)))\">\n\(picture.body)</g>\n"
      y += picture.height + spacing
    }
    return Picture(
      width: pictures.map(\.width).max() ?? 0, height: max(0, y - spacing), body: body)
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
