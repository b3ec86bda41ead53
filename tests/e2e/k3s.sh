#!/usr/bin/env bash
# The check a real cluster passes: builds both images, starts a k3s cluster in Docker (k3d), installs
# the chart, creates an assistant, talks to it, edits it and deletes it the way Argo CD prunes.
# Needs Docker, k3d, kubectl, helm, curl and jq; takes about ten minutes. Not part of tests/run.sh.
#   bash tests/e2e/k3s.sh              create a cluster, test, delete the cluster
#   KEEP_CLUSTER=1 bash tests/e2e/k3s.sh   leave the cluster running to look around
set -euo pipefail
cd "$(dirname "$0")/../.."

cluster=${CLUSTER:-nas-assistant-e2e}
tag=e2e-$(git rev-parse --short HEAD)
ns=assistants
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; kubectl -n "$ns" get asd,deploy,pod,pvc -o wide >&2 || true; kubectl -n "$ns" describe asd family >&2 || true; exit 1; }
cleanup() { [ "${KEEP_CLUSTER:-}" = 1 ] || k3d cluster delete "$cluster" >/dev/null 2>&1 || true; }
trap cleanup EXIT

step "images"
docker build -q -f operator/Dockerfile -t "nas-assistant/operator:$tag" .
docker build -q -f runtime/Dockerfile -t "nas-assistant/runtime:$tag" .

step "cluster (k3s in Docker, local-path storage)"
k3d cluster create "$cluster" --wait --no-lb >/dev/null
k3d image import -c "$cluster" "nas-assistant/operator:$tag" "nas-assistant/runtime:$tag"

step "operator (helm install, CRD from the chart)"
helm install nas-assistant-operator charts/nas-assistant-operator --namespace nas-system --create-namespace --wait \
  --set image.repository=nas-assistant/operator --set image.tag="$tag" --set image.pullPolicy=Never \
  --set runtimeImage.repository=nas-assistant/runtime --set runtimeImage.tag="$tag"
kubectl wait --for=condition=Established crd/assistantdeployments.nasassistant.io --timeout=60s

step "examples: the full one passes the API server's validation, the minimal one runs"
kubectl create namespace clinic --dry-run=client -o yaml | kubectl apply -f -
kubectl apply --dry-run=server -f examples/full.yaml
kubectl create namespace "$ns"
kubectl apply -f examples/minimal.yaml
kubectl -n "$ns" wait --for=condition=Ready asd/family --timeout=600s || fail "family never became Ready"
kubectl -n "$ns" get asd family

step "an embeddings request and a chat turn through port-forward"
kubectl -n "$ns" port-forward svc/family 15000:5000 >/dev/null 2>&1 &
forward=$!
trap 'kill $forward 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 30); do curl -sk https://localhost:15000/v2/health/ready >/dev/null && break; sleep 1; done
dims=$(curl -sk https://localhost:15000/v1/embeddings -H 'content-type: application/json' \
  -d '{"model":"minilm","input":"Where is the heating manual?"}' | jq '.data[0].embedding | length')
[ "$dims" = 384 ] || fail "embedding has $dims dimensions, expected 384"
reply=$(curl -sk https://localhost:15000/v1/chat/completions -H 'content-type: application/json' -H 'X-Conversation-Id: e2e' \
  -d '{"model":"minilm","messages":[{"role":"user","content":"hello"}]}' | jq -r '.choices[0].message.content')
[ -n "$reply" ] && [ "$reply" != null ] || fail "no chat reply"
kill $forward

step "edits: a larger sessions volume is refused with a reason on local-path; INT8 on and off again"
kubectl -n "$ns" patch asd family --type merge -p '{"spec":{"storage":{"sessions":{"size":"8Gi"}}}}'
kubectl -n "$ns" wait --for=jsonpath='{.status.conditions[?(@.type=="Degraded")].reason}'=VolumeExpansionUnsupported asd/family --timeout=120s \
  || fail "the refused resize was not reported"
[ "$(kubectl -n "$ns" get pvc family-sessions -o jsonpath='{.spec.resources.requests.storage}')" = 5Gi ] || fail "the claim changed size"
kubectl -n "$ns" patch asd family --type merge -p '{"spec":{"storage":{"sessions":{"size":"5Gi"}},"model":{"quantization":"Int8"}}}'
kubectl -n "$ns" wait --for=condition=Ready asd/family --timeout=600s || fail "family not Ready with INT8"
kubectl -n "$ns" get deploy family -o jsonpath='{.spec.template.spec.initContainers[*].name}' | grep -q quantize-model || fail "no quantize step"
kubectl -n "$ns" patch asd family --type merge -p '{"spec":{"model":{"quantization":"None"}}}'
kubectl -n "$ns" wait --for=condition=Ready asd/family --timeout=600s || fail "family not Ready after INT8 off"
if kubectl -n "$ns" get deploy family -o jsonpath='{.spec.template.spec.initContainers[*].name}' | grep -q quantize-model; then
  fail "the quantize step stayed after quantization was switched off"
fi

step "foreground deletion (Argo CD's prune) keeps the volumes"
sessions_uid=$(kubectl -n "$ns" get pvc family-sessions -o jsonpath='{.metadata.uid}')
kubectl -n "$ns" delete asd family --cascade=foreground --timeout=300s
kubectl -n "$ns" get pvc family-models family-sessions >/dev/null || fail "a volume was deleted"
[ "$(kubectl -n "$ns" get pvc family-sessions -o jsonpath='{.metadata.uid}')" = "$sessions_uid" ] || fail "the sessions volume was replaced"
kubectl apply -f examples/minimal.yaml
kubectl -n "$ns" wait --for=condition=Ready asd/family --timeout=600s || fail "the re-created assistant never became Ready"
[ "$(kubectl -n "$ns" get pvc family-sessions -o jsonpath='{.metadata.uid}')" = "$sessions_uid" ] || fail "the volume was not taken back"

step "passed"
