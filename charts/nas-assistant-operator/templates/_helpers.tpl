{{/* Name of the chart, overridable with nameOverride-free releases in mind: always the chart name. */}}
{{- define "nas-assistant-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name: the release name when it already contains the chart name, else release-chart. */}}
{{- define "nas-assistant-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "nas-assistant-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nas-assistant-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "nas-assistant-operator.labels" -}}
{{ include "nas-assistant-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: nas-assistant
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "nas-assistant-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "nas-assistant-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Leader election is on whenever more than one operator pod may run. */}}
{{- define "nas-assistant-operator.leaderElection" -}}
{{- if gt (int .Values.replicaCount) 1 -}}true{{- end -}}
{{- end -}}

{{- define "nas-assistant-operator.metricsServiceName" -}}
{{- printf "%s-metrics" (include "nas-assistant-operator.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "nas-assistant-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "nas-assistant-operator.runtimeImage" -}}
{{- printf "%s:%s" .Values.runtimeImage.repository (default .Chart.AppVersion .Values.runtimeImage.tag) -}}
{{- end -}}

{{/*
The operator's rules on AssistantDeployments, their children and Events: exactly the verbs it uses
(operator/NasAssistant.Operator/Controller/OperatorPermissions.cs; a test keeps the two equal).
Children are written by server-side apply (patch). ConfigMaps and Services are never deleted by the
operator (garbage collection removes them with their owner), so they get no delete; a Deployment is
deleted when its immutable selector must change.
*/}}
{{- define "nas-assistant-operator.assistantRules" -}}
- apiGroups: [nasassistant.io]
  resources: [assistantdeployments]
  verbs: [get, list, watch, update]
- apiGroups: [nasassistant.io]
  resources: [assistantdeployments/status, assistantdeployments/finalizers]
  verbs: [update]
- apiGroups: [""]
  resources: [configmaps, persistentvolumeclaims, secrets, services, serviceaccounts]
  verbs: [get, list, watch, patch, delete]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
- apiGroups: [""]
  resources: [pods]
  verbs: [list, watch]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, patch, delete]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [get, list, watch, patch, delete]
- apiGroups: [autoscaling]
  resources: [horizontalpodautoscalers]
  verbs: [get, list, watch, patch, delete]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [get, list, watch, patch, delete]
- apiGroups: [cert-manager.io]
  resources: [certificates]
  verbs: [get, list, watch, patch, delete]
- apiGroups: [monitoring.coreos.com]
  resources: [servicemonitors, prometheusrules]
  verbs: [get, list, watch, patch, delete]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles, rolebindings]
  verbs: [get, list, watch, patch, delete]
# Held only to be granted: a channel gateway's Role allows its own Lease and status ConfigMap, and RBAC
# lets the operator write that Role only if it holds the same permissions.
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [create, get, update]
{{- end -}}
