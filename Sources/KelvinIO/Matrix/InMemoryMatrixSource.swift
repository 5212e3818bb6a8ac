/// Rows parsed from a text file (JSON, CSV) and held in memory as doubles.
final class InMemoryMatrixSource: MatrixSource {
  let path: String
  let descriptor: TensorDescriptor
  let values: [Double]

  init(path: String, values: [Double], dimensions: [Int], format: String) {
    self.path = path
    self.values = values
    self.descriptor = TensorDescriptor(
      name: nil, elementType: .float64, byteOrder: .littleEndian, dimensions: dimensions,
      formatDescription: format, typeSpelling: "decimal text")
  }

  func readRows(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<Double>) throws {
    let start = range.lowerBound * descriptor.columns
    for index in output.indices { output[index] = values[start + index] }
  }

  func readRows(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<Float>) throws {
    let start = range.lowerBound * descriptor.columns
    for index in output.indices { output[index] = Float(values[start + index]) }
  }

  func readIntegers() throws -> [Int] {
    try values.enumerated().map { index, value in
      guard let exact = Int(exactly: value) else {
        throw labelError(ElementDecoding.NonInteger(index: index, value: value), path: path)
      }
      return exact
    }
  }
}
