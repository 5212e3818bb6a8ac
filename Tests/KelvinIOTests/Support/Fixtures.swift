import Foundation
import KelvinIO

/// The committed fixtures: files written by real NumPy and safetensors
/// (tools/fixtures/make_fixtures.py) and the hostile corpus (tools/fixtures/make_hostile.py).
enum Fixtures {
  static var folder: URL {
    Bundle.module.bundleURL.appendingPathComponent("Fixtures")
  }

  static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// expected.json: for each fixture, its shape and every value as float64 bits in hex.
  static func expected() throws -> [String: (shape: [Int], values: [Double])] {
    let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
    let object = try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] ?? [:]
    var result: [String: (shape: [Int], values: [Double])] = [:]
    for (name, entry) in object {
      let shape = (entry["shape"] as? [NSNumber] ?? []).map(\.intValue)
      let values = (entry["bits"] as? [String] ?? []).map {
        Double(bitPattern: UInt64($0, radix: 16) ?? 0)
      }
      result[name] = (shape, values)
    }
    return result
  }

  /// hostile/manifest.json: file name → (reader, expected message fragment).
  static func hostileManifest() throws -> [(name: String, reader: String, expect: String)] {
    let data = try Data(contentsOf: folder.appendingPathComponent("hostile/manifest.json"))
    let object = try JSONSerialization.jsonObject(with: data) as? [String: [String: String]] ?? [:]
    return object.map { ($0.key, $0.value["reader"] ?? "matrix", $0.value["expect"] ?? "") }
      .sorted { $0.name < $1.name }
  }
}

/// A fresh temporary folder, removed when the value is released.
final class TemporaryFolder {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("kelvin-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// The names in the folder, hidden ones included.
  func contents() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
  }
}

/// Whether two doubles are the same value: equal bits, or both NaN.
func sameValue(_ a: Double, _ b: Double) -> Bool {
  a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
}
