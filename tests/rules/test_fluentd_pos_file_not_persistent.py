from tests.helpers import check_fixture

RULE = "fluentd-pos-file-not-persistent"



def test_position_and_message():
    report = check_fixture("fluentd-pos-file-not-persistent.yaml")
    first = min(report.findings, key=lambda f: f.line)
    assert (first.line, first.column) == (69, 16)
    assert first.message == 'pos_file "/tmp/b.pos" is on no volume of container "fluentd" in Deployment/agent'
