from tests.helpers import messages, positions

RULE = "tracing-sampling-all"
TRACING = "apiVersion: apiserver.config.k8s.io/v1beta1\nkind: TracingConfiguration\n"



def test_position_and_message():
    text = "apiVersion: apiserver.config.k8s.io/v1beta1\nkind: TracingConfiguration\nsamplingRatePerMillion: 1000000\n"
    assert positions(text, RULE) == [(3, 25)]
    assert messages(text, RULE) == [
        "samplingRatePerMillion is 1000000: kube-apiserver records a span for every request"
    ]


def test_kubelet_message_names_the_kubelet():
    text = "kind: KubeletConfiguration\napiVersion: kubelet.config.k8s.io/v1beta1\n"
    text += "tracing: {samplingRatePerMillion: 1000000}\n"
    assert messages(text, RULE) == ["samplingRatePerMillion is 1000000: the kubelet records a span for every request"]


def test_invalid_rates_are_left_to_tracing_config_invalid():
    for rate in ("1000001", '"1000000"', "true"):
        text = f"{TRACING}samplingRatePerMillion: {rate}\n"
        assert positions(text, RULE) == []
