#!/bin/sh
# Deploy: the dangerous lines are at known line numbers (tests/test_scan.py).
set -eu
echo "deploying"
if [ -d build ]; then
  rm -rf /
fi
cat <<MSG
kubectl delete ns prod
MSG
kubectl get pods -A
kubectl delete namespace production
