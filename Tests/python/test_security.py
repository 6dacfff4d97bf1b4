"""Security mode: login with the client's user/password config, wrong password, role violation."""
import pytest
from aerospike import exception as ex


def test_login_wrong_password_and_role_violation(make_sim):
    sim = make_sim("--nodes", "2", "--users", "admin:secret:read-write,sys-admin", "--users", "viewer:look:read")
    admin = sim.client(user="admin", password="secret")
    key = ("test", "sec", 1)
    admin.put(key, {"a": 1})
    assert admin.get(key)[2] == {"a": 1}
    admin.close()

    with pytest.raises(ex.InvalidPassword) as info:
        sim.client(user="admin", password="wrong")
    assert info.value.code == 62
    with pytest.raises(ex.InvalidUser):
        sim.client(user="nobody", password="secret")

    viewer = sim.client(user="viewer", password="look")
    assert viewer.get(key)[2] == {"a": 1}
    with pytest.raises(ex.RoleViolation):
        viewer.put(key, {"a": 2})
    viewer.close()

    assert sim.info("node").startswith("ERROR:80")
