import aerospike


def test_official_client_importable():
    assert hasattr(aerospike, "client")
