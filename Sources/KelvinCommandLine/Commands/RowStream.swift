import Kelvin

/// Visits rows of a matrix a block at a time, so that memory stays constant.
///
/// Whatever the file's size, one block is in memory. Rows are handed out as mutable slices of the block, so a transform can work
/// in place without copying.
enum RowStream {
  /// About how many values one block holds.
  static let blockValues = 1 << 20

  /// Calls `body` with the index and the values of each row in `rows`, in order.
  ///
  /// - Throws: Whatever reading or `body` throws; rows after the failing one are not read.
  static func forEachRow<Element: BinaryFloatingPoint>(
    of source: any MatrixSource, in rows: Range<Int>, as _: Element.Type,
    _ body: (Int, UnsafeMutableBufferPointer<Element>) throws -> Void
  ) throws {
    let columns = source.columns
    let blockRows = max(1, blockValues / max(1, columns))
    var block = [Element](repeating: 0, count: blockRows * columns)
    var start = rows.lowerBound
    while start < rows.upperBound {
      let end = min(rows.upperBound, start + blockRows)
      try block.withUnsafeMutableBufferPointer { buffer in
        let filled = UnsafeMutableBufferPointer(rebasing: buffer[0..<((end - start) * columns)])
        try read(source, start..<end, into: filled)
        for index in start..<end {
          let offset = (index - start) * columns
          try body(index, UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + columns)]))
        }
      }
      start = end
    }
  }

  static func read<Element: BinaryFloatingPoint>(
    _ source: any MatrixSource, _ rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<Element>
  ) throws {
    if Element.self == Float.self {
      try buffer.withMemoryRebound(to: Float.self) { try source.readRows(rows, into: $0) }
    } else {
      try buffer.withMemoryRebound(to: Double.self) { try source.readRows(rows, into: $0) }
    }
  }
}
