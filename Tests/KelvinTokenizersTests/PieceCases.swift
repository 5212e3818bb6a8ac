import KelvinIO

@testable import KelvinTokenizers

/// The component cases of `pieces.json` (written by `tools/tokenizers/make_fixtures.py` with
/// `tokenizers`' own pre-tokenizers, normalizers and decoders).
struct PieceCase: CustomStringConvertible {
  let kind: String
  let name: String
  let config: ConfigurationNode
  let cases: [(JSONNode, JSONNode)]

  var description: String { "\(kind) \(name)" }

  static func all(_ kind: String) -> [PieceCase] {
    guard let bytes = try? FixtureData.bytes("pieces.json"),
      let root = try? JSONParser.parse(bytes), let list = root.elements
    else { return [] }
    return list.compactMap { entry in
      guard case .string(kind)? = entry["kind"], case .string(let name)? = entry["name"],
        let config = entry["config"], let cases = entry["cases"]?.elements
      else { return nil }
      let pairs = cases.compactMap { pair -> (JSONNode, JSONNode)? in
        guard let items = pair.elements, items.count == 2 else { return nil }
        return (items[0], items[1])
      }
      return PieceCase(
        kind: kind, name: name,
        config: ConfigurationNode(node: config, path: name, file: "pieces.json"),
        cases: pairs)
    }
  }
}

extension JSONNode {
  var text: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  var texts: [String]? { elements?.compactMap(\.text) }
}

extension Array where Element == UInt32 {
  var text: String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: compactMap(Unicode.Scalar.init))
    return String(view)
  }
}

extension String {
  var scalarValues: [UInt32] { unicodeScalars.map(\.value) }
}
