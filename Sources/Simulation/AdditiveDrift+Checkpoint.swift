import Foundation
import TensorIO

extension AdditiveDrift {
    /// Opens `file` (safetensors/.npy or a checkpoint folder) and finds, for every matrix of
    /// ``matrices``, the tensor it starts from: the one named like it (`NAME` or `NAME.weight`),
    /// of the same shape.
    /// - Returns: the checkpoint and each matrix's tensor name, in the order of ``matrices``.
    /// - Throws: a message naming the file, the tensor and both shapes when they disagree.
    public func pretrainedTensors(in file: String) throws(TensorIOError) -> (Checkpoint, [String]) {
        let checkpoint = try Checkpoint(url: URL(fileURLWithPath: file))
        var names: [String] = []
        for spec in matrices {
            guard let entry = checkpoint.entry(spec.name) ?? checkpoint.entry(spec.name + ".weight") else {
                throw .noSuchTensor(file: file, tensor: spec.name)
            }
            guard entry.info.shape == spec.shape else {
                throw .badShape(file: file, tensor: entry.info.name,
                                reason: "shape \(entry.info.shape.map(String.init).joined(separator: "x")) in the file, \(spec.shape.map(String.init).joined(separator: "x")) in the model")
            }
            names.append(entry.info.name)
        }
        return (checkpoint, names)
    }
}
