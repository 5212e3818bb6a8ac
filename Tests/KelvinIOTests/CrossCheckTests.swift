import Foundation
import KelvinIO
import Testing

/// Files written by the real NumPy and safetensors packages, read back value by value.
///
/// Expected values are float64 bit patterns written by the same Python script.
@Suite("cross-check against NumPy and safetensors")
struct CrossCheckTests {
  static let names: [String] = [
    "npy_f2_le.npy", "npy_f2_be.npy", "npy_f4_le.npy", "npy_f4_be.npy", "npy_f8_le.npy",
    "npy_f8_be.npy", "npy_f4_1d.npy", "npy_f4_v2.npy", "npy_f4_v3.npy", "npy_f4_3d.npy",
    "npy_f4_fortran_1d.npy", "labels_i4_le.npy", "labels_i8_le.npy", "labels_u1_na.npy",
    "labels_i4_be.npy", "labels_i2_le.npy", "tensors.safetensors#logits_f32",
    "tensors.safetensors#logits_f16", "tensors.safetensors#logits_bf16",
    "tensors.safetensors#logits_f64", "tensors.safetensors#labels_i32",
    "tensors.safetensors#labels_i64", "single.safetensors#only", "text_logits.json",
    "text_vector.json", "text_logits.csv", "text_logits.tsv",
  ]

  static func open(_ name: String) throws -> any MatrixSource {
    let parts = name.split(separator: "#").map(String.init)
    return try MatrixFile.open(Fixtures.path(parts[0]), tensor: parts.count > 1 ? parts[1] : nil)
  }

  @Test(
    "every fixture reads back with the shape and the exact values Python wrote", arguments: names)
  func readsBackExactly(name: String) throws {
    let expected = try #require(try Fixtures.expected()[name])
    let source = try Self.open(name)
    // Text formats of 2-D data keep two dimensions; CSV of one line would be 1-D.
    #expect(source.descriptor.dimensions == expected.shape)
    let values = try source.allValues()
    #expect(values.count == expected.values.count)
    for (index, (actual, wanted)) in zip(values, expected.values).enumerated() {
      #expect(sameValue(actual, wanted), "value \(index): \(actual) vs \(wanted)")
    }
  }

  @Test(
    "Float rows equal the Double rows rounded to Float",
    arguments: ["npy_f8_le.npy", "npy_f2_be.npy", "tensors.safetensors#logits_bf16"])
  func floatRows(name: String) throws {
    let source = try Self.open(name)
    let wide = try source.allValues()
    var narrow = [Float](repeating: 0, count: wide.count)
    try narrow.withUnsafeMutableBufferPointer { try source.readRows(0..<source.rows, into: $0) }
    for (a, b) in zip(narrow, wide) { #expect(sameValue(Double(a), Double(Float(b)))) }
  }

  @Test(
    "integer label files read exactly",
    arguments: [
      "labels_i4_le.npy", "labels_i8_le.npy", "labels_u1_na.npy", "labels_i4_be.npy",
      "labels_i2_le.npy", "tensors.safetensors#labels_i32", "tensors.safetensors#labels_i64",
    ])
  func labels(name: String) throws {
    #expect(try Self.open(name).readIntegers() == [3, 0, 9, 1, 5])
  }

  @Test("safetensors with several tensors needs a name, and lists the names when it is missing")
  func tensorSelection() throws {
    let path = Fixtures.path("tensors.safetensors")
    let error = #expect(throws: KelvinIOError.self) { try MatrixFile.open(path) }
    #expect(error?.problem.contains("holds 6 tensors") == true)
    #expect(error?.problem.contains("'logits_bf16'") == true)
    let missing = #expect(throws: KelvinIOError.self) { try MatrixFile.open(path, tensor: "nope") }
    #expect(missing?.problem.hasPrefix("no tensor 'nope'; the file holds") == true)
    let names = Set(try MatrixFile.tensors(in: path).compactMap(\.name))
    #expect(
      names == [
        "labels_i32", "labels_i64", "logits_bf16", "logits_f16", "logits_f32", "logits_f64",
      ])
  }

  @Test("3-D arrays are read as rows of the last dimension")
  func flattenedRows() throws {
    let source = try MatrixFile.open(Fixtures.path("npy_f4_3d.npy"))
    #expect(source.rows == 6 && source.columns == 4)
    // np.arange(24).reshape(2, 3, 4) / 8: row 5 holds 20/8 … 23/8.
    #expect(try source.row(5) == [2.5, 2.625, 2.75, 2.875])
  }
}
