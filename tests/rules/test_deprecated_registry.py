from tests.helpers import messages, positions

RULE = "deprecated-registry"

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  containers:
    - name: count-agent
      image: k8s.gcr.io/fluentd-gcp:1.30
"""



def test_position_and_replacement_in_message():
    assert positions(POD, RULE) == [(7, 14)]
    assert messages(POD, RULE) == [
        'image "k8s.gcr.io/fluentd-gcp:1.30" comes from k8s.gcr.io, frozen since April 2023; '
        'the same image is "registry.k8s.io/fluentd-gcp:1.30"'
    ]


def test_non_string_image_is_ignored():
    assert positions(POD.replace("k8s.gcr.io/fluentd-gcp:1.30", "[k8s.gcr.io/x]"), RULE) == []
