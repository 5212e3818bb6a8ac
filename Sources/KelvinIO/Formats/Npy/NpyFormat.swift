/// Opening `.npy` files as matrices.
enum NpyFormat {
  /// Opens `path`, validating the header and the data size.
  ///
  /// - Throws: ``KelvinIOError``.
  static func open(_ file: InputFile) throws -> BinaryMatrixSource {
    let header = try NpyHeader.read(from: file)
    let descriptor = TensorDescriptor(
      name: nil, elementType: header.elementType, byteOrder: header.byteOrder,
      dimensions: header.dimensions,
      formatDescription: "npy \(header.version.major).\(header.version.minor)",
      typeSpelling: header.typeSpelling)
    return BinaryMatrixSource(file: file, descriptor: descriptor, dataOffset: header.dataOffset)
  }
}
