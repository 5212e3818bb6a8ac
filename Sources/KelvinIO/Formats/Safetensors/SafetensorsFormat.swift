/// Opening tensors of safetensors files as matrices.
enum SafetensorsFormat {
  /// Opens the tensor `name`, or the only tensor when `name` is `nil`.
  ///
  /// - Throws: ``KelvinIOError`` (malformed) when the tensor does not exist, or when the file
  ///   holds several and none was named; the message lists the names.
  static func open(_ file: InputFile, tensor name: String?) throws -> BinaryMatrixSource {
    let path = file.path
    let header = try SafetensorsHeader.read(from: file)
    let names = header.entries.map(\.name)
    let list = listing(names)
    let chosen: SafetensorsHeader.Entry
    if let name {
      guard let entry = header.entries.first(where: { $0.name == name }) else {
        throw KelvinIOError.malformed(path, "no tensor '\(name)'; the file holds \(list)")
      }
      chosen = entry
    } else {
      guard header.entries.count == 1, let only = header.entries.first else {
        if header.entries.isEmpty {
          throw KelvinIOError.malformed(path, "the file holds no tensors")
        }
        throw KelvinIOError.malformed(
          path, "the file holds \(names.count) tensors (\(list)); choose one with --tensor NAME")
      }
      chosen = only
    }
    return BinaryMatrixSource(
      file: file, descriptor: descriptor(chosen), dataOffset: header.dataOffset + chosen.begin)
  }

  /// Every tensor of the file, from one reading of its header (linear in the header).
  ///
  /// - Throws: ``KelvinIOError``.
  static func openAll(_ file: InputFile) throws -> [BinaryMatrixSource] {
    let path = file.path
    let header = try SafetensorsHeader.read(from: file)
    guard !header.entries.isEmpty else {
      throw KelvinIOError.malformed(path, "the file holds no tensors")
    }
    return header.entries.map {
      BinaryMatrixSource(
        file: file, descriptor: descriptor($0), dataOffset: header.dataOffset + $0.begin)
    }
  }

  /// Tensor names for a message: the first ten, then how many more.
  static func listing(_ names: [String]) -> String {
    let shown = names.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
    return names.count > 10 ? "\(shown) and \(names.count - 10) more" : shown
  }

  static func descriptor(_ entry: SafetensorsHeader.Entry) -> TensorDescriptor {
    TensorDescriptor(
      name: entry.name, elementType: entry.elementType, byteOrder: .littleEndian,
      dimensions: entry.dimensions, formatDescription: "safetensors",
      typeSpelling: entry.typeSpelling)
  }
}
