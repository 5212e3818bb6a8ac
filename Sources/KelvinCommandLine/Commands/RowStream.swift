import Kelvin

/// Visits rows of a matrix a block at a time, so that memory stays constant whatever the
/// file's size.
enum RowStream {
  /// About how many values one block holds (8 MiB of doubles).
  static let blockValues = 1 << 20

  /// Calls `body` with each row in `rows`, in order.
  ///
  /// - Throws: Whatever reading or `body` throws; rows after the failing one are not read.
  static func forEachRow(
    of source: any MatrixSource, in rows: Range<Int>, _ body: (Int, [Double]) throws -> Void
  ) throws {
    let columns = source.columns
    let blockRows = max(1, blockValues / max(1, columns))
    var block = [Double](repeating: 0, count: blockRows * columns)
    var row = [Double](repeating: 0, count: columns)
    var start = rows.lowerBound
    while start < rows.upperBound {
      let end = min(rows.upperBound, start + blockRows)
      let count = (end - start) * columns
      try block.withUnsafeMutableBufferPointer {
        try source.readRows(start..<end, into: UnsafeMutableBufferPointer(rebasing: $0[0..<count]))
      }
      for index in start..<end {
        let offset = (index - start) * columns
        for column in 0..<columns { row[column] = block[offset + column] }
        try body(index, row)
      }
      start = end
    }
  }
}
