/// Version of the aerovault tool and the repository formats it writes.
public enum AeroVaultVersion {
    public static let string = "0.1.0"
}
