import Model

extension ControlPlane {
    /// `GET /org/v2/organizations`.
    public func organizations() throws(APIError) -> [Organization] {
        try query { try $0.organizations() }
    }

    /// `GET /fcpm/v2/regions`, optionally filtered by cloud (case-insensitive) and region name.
    public func regions(cloud: String? = nil, regionName: String? = nil) -> [Region] {
        Self.knownRegions.filter { region in
            (cloud == nil || cloud!.isEmpty || region.cloud == cloud!.uppercased())
                && (regionName == nil || regionName!.isEmpty || region.regionName == regionName!)
        }
    }

    static let knownRegions: [Region] = [
        Region(id: "aws.us-east-1", displayName: "N. Virginia (us-east-1)", cloud: "AWS", regionName: "us-east-1"),
        Region(id: "aws.us-east-2", displayName: "Ohio (us-east-2)", cloud: "AWS", regionName: "us-east-2"),
        Region(id: "aws.us-west-2", displayName: "Oregon (us-west-2)", cloud: "AWS", regionName: "us-west-2"),
        Region(id: "aws.eu-west-1", displayName: "Ireland (eu-west-1)", cloud: "AWS", regionName: "eu-west-1"),
        Region(id: "aws.eu-central-1", displayName: "Frankfurt (eu-central-1)", cloud: "AWS", regionName: "eu-central-1"),
        Region(id: "gcp.us-central1", displayName: "Iowa (us-central1)", cloud: "GCP", regionName: "us-central1"),
        Region(id: "gcp.europe-west1", displayName: "Belgium (europe-west1)", cloud: "GCP", regionName: "europe-west1"),
        Region(id: "azure.eastus", displayName: "Virginia (eastus)", cloud: "AZURE", regionName: "eastus"),
        Region(id: "azure.westeurope", displayName: "Netherlands (westeurope)", cloud: "AZURE", regionName: "westeurope"),
    ]
}
