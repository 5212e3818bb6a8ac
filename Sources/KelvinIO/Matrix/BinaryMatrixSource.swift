/// Rows of a binary tensor stored contiguously in a file (`.npy` data, a safetensors tensor),
/// read with `pread` a block at a time.
final class BinaryMatrixSource: MatrixSource {
  let file: InputFile
  let descriptor: TensorDescriptor
  /// Where the tensor's first byte is.
  let dataOffset: Int
  /// Reused for raw bytes between calls.
  var scratch: [UInt8] = []

  var path: String { file.path }

  /// Creates a source; the caller has checked that the tensor lies inside the file.
  init(file: InputFile, descriptor: TensorDescriptor, dataOffset: Int) {
    self.file = file
    self.descriptor = descriptor
    self.dataOffset = dataOffset
  }

  func readRows(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<Double>) throws {
    try read(range, into: output)
  }

  func readRows(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<Float>) throws {
    try read(range, into: output)
  }

  func read<T: BinaryFloatingPoint>(_ range: Range<Int>, into output: UnsafeMutableBufferPointer<T>)
    throws
  {
    precondition(range.lowerBound >= 0 && range.upperBound <= descriptor.rows)
    let elements = range.count * descriptor.columns
    precondition(output.count == elements, "output must hold exactly the rows asked for")
    let width = descriptor.elementType.byteCount
    let byteCount = elements * width
    if scratch.count < byteCount { scratch = [UInt8](repeating: 0, count: byteCount) }
    let offset = dataOffset + range.lowerBound * descriptor.columns * width
    try scratch.withUnsafeMutableBytes { raw in
      let slice = UnsafeMutableRawBufferPointer(rebasing: raw[0..<byteCount])
      try file.read(at: offset, into: slice)
      ElementDecoding.decode(
        UnsafeRawBufferPointer(slice), type: descriptor.elementType, order: descriptor.byteOrder,
        into: output)
    }
  }

  func readIntegers() throws -> [Int] {
    let raw = try file.bytes(
      at: dataOffset, count: descriptor.elementCount * descriptor.elementType.byteCount)
    let result = raw.withUnsafeBytes {
      ElementDecoding.decodeIntegers($0, type: descriptor.elementType, order: descriptor.byteOrder)
    }
    switch result {
    case .success(let values): return values
    case .failure(let failure): throw labelError(failure, path: path)
    }
  }
}
