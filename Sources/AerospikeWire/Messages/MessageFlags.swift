/// info1 bits of the AS_MSG header (read attributes; SPEC.md §12.2 lists the bits used).
public enum Info1 {
    public static let read: UInt8 = 0x01
    public static let getAll: UInt8 = 0x02
    public static let shortQuery: UInt8 = 0x04
    public static let batch: UInt8 = 0x08
    public static let xdr: UInt8 = 0x10
    public static let noBinData: UInt8 = 0x20
    public static let readModeAPAll: UInt8 = 0x40
    public static let compressResponse: UInt8 = 0x80
}

/// info2 bits of the AS_MSG header (write attributes).
public enum Info2 {
    public static let write: UInt8 = 0x01
    public static let delete: UInt8 = 0x02
    public static let generation: UInt8 = 0x04
    public static let generationGT: UInt8 = 0x08
    public static let durableDelete: UInt8 = 0x10
    public static let createOnly: UInt8 = 0x20
    public static let relaxAPLongQuery: UInt8 = 0x40
    public static let respondAllOps: UInt8 = 0x80
}

/// info3 bits of the AS_MSG header.
public enum Info3 {
    public static let last: UInt8 = 0x01
    public static let commitMaster: UInt8 = 0x02
    public static let partitionDone: UInt8 = 0x04
    public static let updateOnly: UInt8 = 0x08
    public static let createOrReplace: UInt8 = 0x10
    public static let replaceOnly: UInt8 = 0x20
    public static let scReadType: UInt8 = 0x40
    public static let scReadRelax: UInt8 = 0x80
}
