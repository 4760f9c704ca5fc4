# GPU inference pool for multi-LoRA serving with vLLM.
#
# Creates:
#   * an EKS managed node group of GPU instances, tainted so only GPU workloads land on it;
#   * a Kubernetes namespace;
#   * a vLLM Deployment with LoRA enabled, the adapters it loads at startup, and its
#     capacity flags (max_loras, max_lora_rank, max_cpu_loras);
#   * a ClusterIP Service and a PodDisruptionBudget.
#
# Prerequisites (outside this module):
#   * an existing EKS cluster, node IAM role and private subnets;
#   * the NVIDIA device plugin (or GPU operator) running in the cluster, so that
#     "nvidia.com/gpu" is an allocatable resource;
#   * a PersistentVolumeClaim in the namespace holding the adapters under /adapters/<name>/<version>
#     (for example, synced from object storage by a separate job);
#   * optionally, a Secret with a Hugging Face token for gated base models.
#
# This file is a module: it declares the providers it needs but does not configure them.
# Configure the "aws" and "kubernetes" providers in the root module, for example:
#
#   provider "kubernetes" {
#     host                   = data.aws_eks_cluster.this.endpoint
#     cluster_ca_certificate = base64decode(data.aws_eks_cluster.this.certificate_authority[0].data)
#     token                  = data.aws_eks_cluster_auth.this.token
#   }
#
# Save this file as main.tf in its own directory and call it with:
#   module "lora_pool" { source = "./modules/gpu-inference-pool" ... }

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40.0, < 6.0.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.25.0, < 3.0.0"
    }
  }
}

# ---------------------------------------------------------------------------------------------
# Variables
# ---------------------------------------------------------------------------------------------

variable "name" {
  description = "Name prefix for the node group and Kubernetes objects."
  type        = string
  default     = "vllm-gpu"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.name)) && length(var.name) <= 40
    error_message = "name must be a lowercase DNS label of at most 40 characters."
  }
}

variable "cluster_name" {
  description = "Name of the existing EKS cluster."
  type        = string
}

variable "node_role_arn" {
  description = "IAM role ARN for the GPU worker nodes."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnet IDs for the GPU nodes. Pick subnets in zones that offer the instance type."
  type        = list(string)
}

variable "instance_types" {
  description = "GPU instance types for the node group. Each node should offer one GPU per vLLM replica."
  type        = list(string)
  default     = ["g6e.2xlarge"] # 1x NVIDIA L40S (48 GB), enough for an 8B base in bf16 plus adapters.
}

variable "ami_type" {
  description = "EKS-optimised AMI with NVIDIA drivers."
  type        = string
  default     = "AL2023_x86_64_NVIDIA"
}

variable "capacity_type" {
  description = "ON_DEMAND or SPOT. Spot is cheaper but replicas can vanish at short notice."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.capacity_type)
    error_message = "capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "gpus_per_node" {
  description = "GPUs per node of the chosen instance type (1 for g6e.2xlarge)."
  type        = number
  default     = 1
}

variable "node_disk_size_gb" {
  description = "Root volume size per node; container images and the model cache live here."
  type        = number
  default     = 200
}

variable "node_count" {
  description = "Minimum, desired and maximum node counts for the GPU node group."
  type = object({
    min     = number
    desired = number
    max     = number
  })
  default = {
    min     = 1
    desired = 2
    max     = 4
  }

  validation {
    condition     = var.node_count.min <= var.node_count.desired && var.node_count.desired <= var.node_count.max
    error_message = "node_count must satisfy min <= desired <= max."
  }
}

variable "namespace" {
  description = "Kubernetes namespace for the serving workload."
  type        = string
  default     = "lora-serving"
}

variable "create_namespace" {
  description = "Create the namespace. Set to false if it already exists (for example, because it holds the adapter PVC)."
  type        = bool
  default     = true
}

variable "replicas" {
  description = "Number of vLLM replicas; each one takes gpus_per_replica GPUs."
  type        = number
  default     = 2
}

variable "gpus_per_replica" {
  description = "GPUs per replica; vLLM's tensor-parallel size is set to the same value."
  type        = number
  default     = 1
}

variable "vllm_image" {
  description = "vLLM OpenAI-compatible server image. Pin a tag you have tested; never use latest."
  type        = string
  default     = "vllm/vllm-openai:v0.11.0"
}

variable "base_model" {
  description = "Base model ID (Hugging Face repo or local path) that every adapter was trained on."
  type        = string
  default     = "meta-llama/Llama-3.1-8B-Instruct"
}

variable "base_model_revision" {
  description = "Exact revision (commit hash) of the base model. Adapters are only valid for this revision."
  type        = string
}

variable "lora_modules" {
  description = "Adapters loaded at startup: map of adapter name to path inside the adapter volume, e.g. { support-de = \"support-de/v7\" }."
  type        = map(string)
  default     = {}
}

variable "max_loras" {
  description = "Maximum number of distinct adapters in one batch. Each slot reserves GPU memory at max_lora_rank."
  type        = number
  default     = 4
}

variable "max_lora_rank" {
  description = "Largest adapter rank the replica accepts. Adapters above it fail to load."
  type        = number
  default     = 16
}

variable "max_cpu_loras" {
  description = "Adapters kept in the host-memory LRU cache. Must be >= max_loras."
  type        = number
  default     = 32
}

variable "max_model_len" {
  description = "Maximum context length per sequence; lower values leave more KV cache for concurrency."
  type        = number
  default     = 8192
}

variable "gpu_memory_utilization" {
  description = "Fraction of GPU memory vLLM may use for weights, adapter slots and KV cache."
  type        = number
  default     = 0.90

  validation {
    condition     = var.gpu_memory_utilization > 0.5 && var.gpu_memory_utilization <= 0.95
    error_message = "gpu_memory_utilization must be in (0.5, 0.95]."
  }
}

variable "allow_runtime_lora_updates" {
  description = "Expose vLLM's load/unload adapter endpoints. Only enable behind an internal-only route."
  type        = bool
  default     = false
}

variable "adapter_pvc_name" {
  description = "Existing PersistentVolumeClaim (in the namespace) that holds the adapters; mounted read-only at /adapters."
  type        = string
}

variable "hf_token_secret_name" {
  description = "Optional Secret with key HF_TOKEN for gated base models. Empty string disables it."
  type        = string
  default     = ""
}

variable "cpu_request" {
  description = "CPU request per replica (tokenisation and scheduling run on CPU)."
  type        = string
  default     = "6"
}

variable "memory_request" {
  description = "Memory request and limit per replica; must hold the host-side adapter cache."
  type        = string
  default     = "48Gi"
}

variable "labels" {
  description = "Extra labels for Kubernetes objects and the node group."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------
# Locals
# ---------------------------------------------------------------------------------------------

locals {
  app_labels = {
    "app.kubernetes.io/name"     = "vllm"
    "app.kubernetes.io/instance" = var.name
  }
  common_labels = merge(var.labels, local.app_labels, {
    "app.kubernetes.io/managed-by" = "terraform"
  })

  namespace = var.create_namespace ? kubernetes_namespace_v1.this[0].metadata[0].name : var.namespace

  lora_module_args = length(var.lora_modules) == 0 ? [] : concat(
    ["--lora-modules"],
    [for adapter, path in var.lora_modules : "${adapter}=/adapters/${path}"],
  )

  vllm_args = concat(
    [
      var.base_model,
      "--revision", var.base_model_revision,
      "--host", "0.0.0.0",
      "--port", "8000",
      "--tensor-parallel-size", tostring(var.gpus_per_replica),
      "--max-model-len", tostring(var.max_model_len),
      "--gpu-memory-utilization", tostring(var.gpu_memory_utilization),
      "--enable-lora",
      "--max-loras", tostring(var.max_loras),
      "--max-lora-rank", tostring(var.max_lora_rank),
      "--max-cpu-loras", tostring(var.max_cpu_loras),
    ],
    local.lora_module_args,
  )
}

# ---------------------------------------------------------------------------------------------
# GPU node group
# ---------------------------------------------------------------------------------------------

resource "aws_eks_node_group" "gpu" {
  cluster_name    = var.cluster_name
  node_group_name = "${var.name}-pool"
  node_role_arn   = var.node_role_arn
  subnet_ids      = var.subnet_ids
  instance_types  = var.instance_types
  ami_type        = var.ami_type
  capacity_type   = var.capacity_type
  disk_size       = var.node_disk_size_gb

  scaling_config {
    min_size     = var.node_count.min
    desired_size = var.node_count.desired
    max_size     = var.node_count.max
  }

  update_config {
    max_unavailable = 1 # Replace one GPU node at a time so serving capacity drops gradually.
  }

  labels = merge(var.labels, {
    "workload" = "gpu-inference"
    "gpu-pool" = var.name
  })

  # Keep everything that does not tolerate this taint off the expensive nodes.
  taint {
    key    = "nvidia.com/gpu"
    value  = "true"
    effect = "NO_SCHEDULE"
  }

  tags = var.labels

  lifecycle {
    # A cluster autoscaler changes desired_size; do not fight it on every apply.
    ignore_changes = [scaling_config[0].desired_size]
  }
}

# ---------------------------------------------------------------------------------------------
# Kubernetes objects
# ---------------------------------------------------------------------------------------------

resource "kubernetes_namespace_v1" "this" {
  count = var.create_namespace ? 1 : 0

  metadata {
    name   = var.namespace
    labels = merge(var.labels, { "app.kubernetes.io/managed-by" = "terraform" })
  }
}

resource "kubernetes_deployment_v1" "vllm" {
  metadata {
    name      = var.name
    namespace = local.namespace
    labels    = local.common_labels
  }

  spec {
    replicas = var.replicas

    selector {
      match_labels = local.app_labels
    }

    strategy {
      type = "RollingUpdate"
      rolling_update {
        max_surge       = "0" # No spare GPU is assumed; replace replicas one by one instead.
        max_unavailable = "1"
      }
    }

    template {
      metadata {
        labels = local.common_labels
        annotations = {
          # Changing the adapter list or capacity flags rolls the pods.
          "lora-delivery/args-sha" = sha256(join(" ", local.vllm_args))
        }
      }

      spec {
        node_selector = {
          "gpu-pool" = var.name
        }

        toleration {
          key      = "nvidia.com/gpu"
          operator = "Equal"
          value    = "true"
          effect   = "NoSchedule"
        }

        # Loading weights and warming up can take minutes; give in-flight requests time to drain.
        termination_grace_period_seconds = 120

        container {
          name    = "vllm"
          image   = var.vllm_image
          command = ["vllm", "serve"]
          args    = local.vllm_args

          port {
            name           = "http"
            container_port = 8000
          }

          env {
            name  = "HF_HOME"
            value = "/models/hf-cache"
          }

          env {
            name  = "VLLM_ALLOW_RUNTIME_LORA_UPDATING"
            value = var.allow_runtime_lora_updates ? "True" : "False"
          }

          dynamic "env" {
            for_each = var.hf_token_secret_name == "" ? [] : [var.hf_token_secret_name]
            content {
              name = "HF_TOKEN"
              value_from {
                secret_key_ref {
                  name = env.value
                  key  = "HF_TOKEN"
                }
              }
            }
          }

          resources {
            requests = {
              cpu              = var.cpu_request
              memory           = var.memory_request
              "nvidia.com/gpu" = tostring(var.gpus_per_replica)
            }
            limits = {
              memory           = var.memory_request
              "nvidia.com/gpu" = tostring(var.gpus_per_replica)
            }
          }

          volume_mount {
            name       = "adapters"
            mount_path = "/adapters"
            read_only  = true
          }

          volume_mount {
            name       = "model-cache"
            mount_path = "/models"
          }

          volume_mount {
            name       = "dshm"
            mount_path = "/dev/shm"
          }

          # Allows up to 20 minutes for download, weight loading and warm-up before liveness applies.
          startup_probe {
            http_get {
              path = "/health"
              port = "http"
            }
            period_seconds    = 10
            failure_threshold = 120
          }

          readiness_probe {
            http_get {
              path = "/health"
              port = "http"
            }
            period_seconds    = 5
            failure_threshold = 3
          }

          liveness_probe {
            http_get {
              path = "/health"
              port = "http"
            }
            period_seconds    = 15
            failure_threshold = 4
          }
        }

        volume {
          name = "adapters"
          persistent_volume_claim {
            claim_name = var.adapter_pvc_name
            read_only  = true
          }
        }

        volume {
          name = "model-cache"
          empty_dir {
            size_limit = "100Gi"
          }
        }

        # Shared memory for NCCL and worker processes when tensor parallelism is used.
        volume {
          name = "dshm"
          empty_dir {
            medium     = "Memory"
            size_limit = "16Gi"
          }
        }
      }
    }
  }

  timeouts {
    create = "30m"
    update = "30m"
  }

  lifecycle {
    precondition {
      condition     = var.max_cpu_loras >= var.max_loras
      error_message = "max_cpu_loras must be greater than or equal to max_loras."
    }
    precondition {
      condition     = var.replicas * var.gpus_per_replica <= var.node_count.max * var.gpus_per_node
      error_message = "replicas * gpus_per_replica exceeds the GPUs the node group can provide at its maximum size."
    }
  }

  depends_on = [aws_eks_node_group.gpu]
}

resource "kubernetes_service_v1" "vllm" {
  metadata {
    name      = var.name
    namespace = local.namespace
    labels    = local.common_labels
  }

  spec {
    type     = "ClusterIP"
    selector = local.app_labels

    port {
      name        = "http"
      port        = 8000
      target_port = "http"
    }
  }
}

resource "kubernetes_pod_disruption_budget_v1" "vllm" {
  metadata {
    name      = var.name
    namespace = local.namespace
    labels    = local.common_labels
  }

  spec {
    max_unavailable = "1"

    selector {
      match_labels = local.app_labels
    }
  }
}

# ---------------------------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------------------------

output "node_group_name" {
  description = "Name of the GPU node group."
  value       = aws_eks_node_group.gpu.node_group_name
}

output "node_group_arn" {
  description = "ARN of the GPU node group."
  value       = aws_eks_node_group.gpu.arn
}

output "namespace" {
  description = "Namespace the serving workload runs in."
  value       = local.namespace
}

output "service_name" {
  description = "ClusterIP Service in front of the vLLM replicas."
  value       = kubernetes_service_v1.vllm.metadata[0].name
}

output "endpoint" {
  description = "In-cluster base URL of the OpenAI-compatible API."
  value       = "http://${kubernetes_service_v1.vllm.metadata[0].name}.${local.namespace}.svc.cluster.local:8000/v1"
}

output "served_adapters" {
  description = "Adapter names loaded at startup; clients pass one as the model field."
  value       = sort(keys(var.lora_modules))
}

output "vllm_args" {
  description = "The full vLLM argument list, for review in plans."
  value       = local.vllm_args
}
